// Create / edit a profile of any kind. Validated with the shared zod schema as the user types (errors shown
// beside each field with what to fix) and again by main on save. Typed secrets leave with the save.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ProfileInput, ProfileKind, ProfileView, SecretSlot } from '../../../../shared/contract/profiles.contract';
import { call } from '../../api/client';
import { t, type MessageKey } from '../../i18n';
import { addNotice, appStore, refreshProfiles, useApp } from '../../state/app-store';
import { getPath, setPath, type Draft } from './draft-path';
import {
  defaultProfile,
  kindName,
  newProfileId,
  parseBackendErrors,
  PROFILE_KINDS,
  secretsToSend,
  secretSlotsFor,
  validateDraft,
  type FieldErrors,
  type SecretEdits,
} from './profile-model';
import { SecretField } from './SecretField';
import { QosSelect } from '../../shell/QosSelect';
import { connectProfile } from './profile-actions';
import { kindDescriptor, type EditorField, type KindDescriptor } from '../../../../shared/vendors/kinds';

type PreviewModule = { CredentialPreview?: (p: { profileId: string }) => ReactNode };
// The vendors work adds this component; mounted when present so the editor builds either way.
const previewModules = import.meta.glob<PreviewModule>('../vendors/CredentialPreview.tsx', { eager: true });
const CredentialPreview = Object.values(previewModules)[0]?.CredentialPreview;

/** A select is given two grid columns when a label would not fit one (no clipped labels). */
const WIDE_LABEL = 26;

export function ProfileEditor() {
  const target = useApp((s) => s.editor);
  const profiles = useApp((s) => s.profiles);
  const editingId = target?.mode === 'edit' ? target.profileId : null;
  const view = editingId ? profiles.find((p) => p.profile.id === editingId) : undefined;
  if (!target) return null;
  return (
    <EditorDialog
      key={editingId ?? `new-${target.mode === 'new' ? target.kind : ''}`}
      initial={view ?? null}
      kind={target.mode === 'new' ? target.kind : (view?.profile.kind ?? 'mqtt')}
    />
  );
}

function EditorDialog({ initial, kind: initialKind }: { initial: ProfileView | null; kind: ProfileKind }) {
  const [draft, setDraft] = useState<Draft>(() =>
    initial ? (structuredClone(initial.profile) as Draft) : (defaultProfile(initialKind, newProfileId(), t('core.profile.newName')) as Draft),
  );
  const [saved, setSaved] = useState<ProfileView | null>(initial);
  const [secretEdits, setSecretEdits] = useState<SecretEdits>({});
  const [touched, setTouched] = useState(false);
  const [backendError, setBackendError] = useState<{ message: string; fields: FieldErrors } | null>(null);
  const [saving, setSaving] = useState(false);
  const kind = draft.kind as ProfileKind;

  const validation = useMemo(() => validateDraft(draft as ProfileInput), [draft]);
  const errors: FieldErrors = { ...(touched && !validation.ok ? validation.errors : {}), ...(backendError?.fields ?? {}) };

  const close = () => appStore.setState({ editor: null });
  const update = (path: string, value: unknown) => {
    setDraft((d) => setPath(d, path, value));
    setBackendError(null);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const changeKind = (k: ProfileKind) => {
    const fresh = defaultProfile(k, draft.id as string, draft.name as string) as Draft;
    setDraft(fresh);
    setSecretEdits({});
  };

  /** Saves, then closes the dialog (and connects, for "Save and connect"); stays open only when main refused. */
  const save = async (then: 'close' | 'connect' = 'close') => {
    setTouched(true);
    if (!validation.ok) return;
    setSaving(true);
    try {
      const view = await call('profiles.save', { profile: draft as ProfileInput, secrets: secretsToSend(secretEdits) });
      // The typed secrets are in the keychain now; the renderer forgets them.
      setSecretEdits({});
      setSaved(view);
      setBackendError(null);
      await refreshProfiles();
      addNotice('info', t('core.profile.saved', { name: view.profile.name }));
      close();
      if (then === 'connect') void connectProfile(view.profile.id);
    } catch (e) {
      const message = (e as Error).message;
      setBackendError({ message, fields: parseBackendErrors(message) });
      // Main may have saved the profile and refused only a secret (keychain locked): show what exists.
      void refreshProfiles();
    } finally {
      setSaving(false);
    }
  };

  const generateClientId = async () => {
    try {
      const r = await call('profiles.generateClientId', { kind });
      update('clientId', r.clientId);
    } catch (e) {
      setBackendError({ message: (e as Error).message, fields: {} });
    }
  };

  const f = (path: string, labelKey: MessageKey, opts: { type?: 'text' | 'number'; placeholder?: string; hint?: MessageKey } = {}) => (
    <TextField
      key={path}
      path={path}
      label={t(labelKey)}
      draft={draft}
      update={update}
      error={errors[path]}
      type={opts.type}
      placeholder={opts.placeholder}
      hint={opts.hint && t(opts.hint)}
    />
  );
  const sel = (path: string, labelKey: MessageKey, options: { value: string | number; label: string }[], numeric = false, hintKey?: MessageKey) => (
    <div className={`field ${options.some((o) => o.label.length > WIDE_LABEL) ? 'wide' : ''}`} key={path}>
      <label htmlFor={`f-${path}`}>{t(labelKey)}</label>
      <select
        id={`f-${path}`}
        data-testid={`field-${path}`}
        value={String(getPath(draft, path) ?? '')}
        onChange={(e) => update(path, numeric ? Number(e.target.value) : e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hintKey && !errors[path] && <div className="hint">{t(hintKey)}</div>}
      {errors[path] && <FieldError text={errors[path]} />}
    </div>
  );
  const check = (path: string, labelKey: MessageKey, defaultValue = false) => (
    <div className="field check" key={path}>
      <label>
        <input
          type="checkbox"
          data-testid={`field-${path}`}
          checked={Boolean(getPath(draft, path) ?? defaultValue)}
          onChange={(e) => update(path, e.target.checked)}
        />{' '}
        {t(labelKey)}
      </label>
    </div>
  );

  const descriptor: KindDescriptor = kindDescriptor(kind);
  const slots: SecretSlot[] = secretSlotsFor(kind, draft);
  /** One descriptor field, drawn by type. */
  const field = (fd: EditorField, i: number): ReactNode => {
    if (fd.when && !fd.when(draft)) return null;
    const key = `${fd.path}-${fd.type}-${i}`;
    switch (fd.type) {
      case 'text':
      case 'number':
        return (
          <TextField
            key={key}
            path={fd.path}
            label={t(fd.labelKey as MessageKey)}
            draft={draft}
            update={update}
            error={errors[fd.path]}
            type={fd.type}
            placeholder={fd.placeholder}
            hint={fd.hintKey && t(fd.hintKey as MessageKey)}
          />
        );
      case 'check':
        return (
          <div className="field check" key={key}>
            <label>
              <input
                type="checkbox"
                data-testid={fd.testId ?? `field-${fd.path}`}
                checked={Boolean(getPath(draft, fd.path) ?? true)}
                onChange={(e) => update(fd.path, e.target.checked)}
              />{' '}
              {t(fd.labelKey as MessageKey)}
            </label>
            {fd.hintKey && <div className="hint">{t(fd.hintKey as MessageKey)}</div>}
          </div>
        );
      case 'select': {
        // An option the draft no longer qualifies for stays listed while it is the value (the checks say why it is wrong).
        const current = String(getPath(draft, fd.path) ?? '');
        const options = (fd.options ?? [])
          .filter((o) => !o.when || o.when(draft) || String(o.value) === current)
          .map((o) => ({ value: o.value, label: o.labelKey ? t(o.labelKey as MessageKey) : (o.label ?? String(o.value)) }));
        return sel(fd.path, fd.labelKey as MessageKey, options, fd.numeric, fd.hintKey as MessageKey | undefined);
      }
      case 'derived':
        return (
          <div className="field wide" key={key}>
            <span className="label">{t(fd.labelKey as MessageKey)}</span>
            <code className="derived" data-testid={fd.testId ?? `field-${fd.path}`}>
              {fd.derive?.(draft) ?? ''}
            </code>
          </div>
        );
      case 'clientId':
        return (
          <TextField
            key={key}
            path={fd.path}
            label={t(fd.labelKey as MessageKey)}
            draft={draft}
            update={update}
            error={errors[fd.path]}
            action={
              fd.generate ? (
                <button type="button" onClick={() => void generateClientId()}>
                  {t('core.profile.generate')}
                </button>
              ) : undefined
            }
          />
        );
    }
  };
  const endpoint = descriptor.endpoint?.(draft as never);
  const topics = descriptor.topics?.(draft as never) ?? [];
  const secretState = (slot: SecretSlot) => saved?.secrets[slot] as 'set' | 'unset' | undefined;
  const secret = (slot: SecretSlot) => (
    <SecretField
      key={slot}
      slot={slot}
      state={secretState(slot)}
      edit={secretEdits[slot]}
      onEdit={(v) =>
        setSecretEdits((s) => {
          const n = { ...s };
          if (v === undefined) delete n[slot];
          else n[slot] = v;
          return n;
        })
      }
      onKeyFileName={(name) => update(isMqtt ? 'tls.keyFileName' : 'tlsOptions.keyFileName', name)}
    />
  );

  const isMqtt = descriptor.protocol === 'mqtt';
  const transport = String(draft.transport ?? 'tcp');
  const tlsOn = isMqtt ? transport === 'tls' || transport === 'wss' : draft.tls !== false;
  const tlsBase = isMqtt ? 'tls' : 'tlsOptions';
  const skipVerify = getPath(draft, `${tlsBase}.rejectUnauthorized`) === false;
  const willOn = draft.will !== undefined;
  const subs = (draft.subscriptions as { filter: string; qos: number }[] | undefined) ?? [];

  return (
    <div className="dialog-backdrop" role="presentation" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <form
        className="dialog profile-editor"
        role="dialog"
        aria-modal="true"
        aria-label={saved ? t('core.profile.editTitle') : t('core.profile.newTitle')}
        onSubmit={(e) => {
          e.preventDefault();
          void save('close');
        }}
      >
        <header className="dialog-head">
          <h2>{saved ? t('core.profile.editTitle') : t('core.profile.newTitle')}</h2>
          <button type="button" className="icon" aria-label={t('core.close')} onClick={close}>
            ×
          </button>
        </header>
        <div className="dialog-body">
          {backendError && (
            <div className="form-error" role="alert">
              <strong>{t('core.profile.notSaved')}</strong> {backendError.message}
            </div>
          )}
          {touched && !validation.ok && !backendError && (
            <div className="form-error" role="alert">
              {t('core.profile.fixFields', { count: Object.keys(validation.errors).length })}
            </div>
          )}
          <fieldset>
            <legend>{t('core.profile.section.general')}</legend>
            {f('name', 'core.field.name')}
            <div className={`field ${PROFILE_KINDS.some((k) => kindName(k).length > WIDE_LABEL) ? 'wide' : ''}`}>
              <label htmlFor="f-kind">{t('core.field.kind')}</label>
              <select id="f-kind" data-testid="field-kind" value={kind} disabled={!!saved} onChange={(e) => changeKind(e.target.value as ProfileKind)}>
                {PROFILE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {kindName(k)}
                  </option>
                ))}
              </select>
            </div>
          </fieldset>

          <fieldset>
            <legend>{t('core.profile.section.server')}</legend>
            {f('host', 'core.field.host', { placeholder: descriptor.editor.hostPlaceholder })}
            {f('port', 'core.field.port', { type: 'number' })}
            {descriptor.editor.server.map(field)}
            {isMqtt && (transport === 'ws' || transport === 'wss') && f('wsPath', 'core.field.wsPath')}
            {endpoint && !draft.sandbox && (draft.host !== endpoint.host || draft.port !== endpoint.port) && (
              <div className="field wide">
                <span className="hint">{t('kinds.endpoint.hint', { host: endpoint.host, port: endpoint.port })}</span>
                <button type="button" data-testid="use-endpoint" onClick={() => setDraft((d) => ({ ...d, host: endpoint.host, port: endpoint.port }))}>
                  {t('kinds.endpoint.use', { host: endpoint.host })}
                </button>
              </div>
            )}
          </fieldset>

          <fieldset>
            <legend>{t('core.profile.section.identity')}</legend>
            {descriptor.editor.identity.map(field)}
            {slots.filter((s) => s !== 'clientKey').map(secret)}
          </fieldset>

          {saved && CredentialPreview && (
            <fieldset className="block">
              <legend>{t('core.profile.section.preview')}</legend>
              <CredentialPreview profileId={saved.profile.id} />
            </fieldset>
          )}

          {isMqtt && (
            <fieldset>
              <legend>{t('core.profile.section.session')}</legend>
              {sel(
                'protocolVersion',
                'core.field.protocolVersion',
                [
                  { value: 4, label: 'MQTT 3.1.1' },
                  { value: 5, label: 'MQTT 5' },
                ],
                true,
              )}
              {check('clean', 'core.field.clean', true)}
              {kind === 'aliyun-mq' && <p className="muted hint">{t('mqclient.editor.offlineNote')}</p>}
              {kind === 'aliyun-mq' && check('orderedSending', 'mqclient.field.orderedSending')}
              {f('keepaliveSec', 'core.field.keepalive', { type: 'number' })}
              {f('connectTimeoutMs', 'core.field.connectTimeout', { type: 'number' })}
            </fieldset>
          )}
          {kind === 'rocketmq' && draft.messageModel === 'clustering' && (
            <fieldset data-testid="rocketmq-clustering-note">
              <legend>{t('rocketmq.section')}</legend>
              <p className="hint" role="note">
                {t('rocketmq.editor.clusteringWarning', { group: String(draft.consumerGroupId || 'GID_…') })}
              </p>
              <button type="button" data-testid="rocketmq-use-broadcasting" onClick={() => update('messageModel', 'broadcasting')}>
                {t('rocketmq.editor.useBroadcasting')}
              </button>
              <p className="muted hint">{t('rocketmq.editor.diagnosticGroup')}</p>
            </fieldset>
          )}
          {descriptor.protocol === 'amqp' && (
            <fieldset>
              <legend>{t('core.profile.section.amqp')}</legend>
              {f('sourceAddress', 'core.field.sourceAddress', { hint: 'core.hint.sourceAddress' })}
              {f('idleTimeoutSec', 'core.field.idleTimeout', { type: 'number', hint: descriptor.editor.idleHintKey as MessageKey | undefined })}
              {f('credit', 'core.field.credit', { type: 'number' })}
              {sel('ackMode', 'core.field.ackMode', [
                { value: 'auto', label: t('core.ack.auto') },
                { value: 'manual', label: t('core.ack.manual') },
                { value: 'hold', label: t('core.ack.hold') },
              ])}
            </fieldset>
          )}

          {descriptor.editor.lastWill && (
            <fieldset>
              <legend>
                <label>
                  <input
                    type="checkbox"
                    checked={willOn}
                    onChange={(e) => update('will', e.target.checked ? { topic: '', payload: '', qos: 0, retain: false } : undefined)}
                  />{' '}
                  {t('core.profile.section.will')}
                </label>
              </legend>
              {willOn && (
                <>
                  {f('will.topic', 'core.field.willTopic')}
                  {f('will.payload', 'core.field.willPayload')}
                  {sel(
                    'will.qos',
                    'core.field.qos',
                    [0, 1, 2].map((q) => ({ value: q, label: String(q) })),
                    true,
                  )}
                  {check('will.retain', 'core.field.retain')}
                </>
              )}
            </fieldset>
          )}

          {isMqtt && (
            <fieldset>
              <legend>{t('core.profile.section.autoSubscribe')}</legend>
              {subs.map((s, i) => (
                <div className="field inline" key={i}>
                  <input
                    aria-label={t('core.field.topicFilter')}
                    value={s.filter}
                    onChange={(e) =>
                      update(
                        'subscriptions',
                        subs.map((x, j) => (j === i ? { ...x, filter: e.target.value } : x)),
                      )
                    }
                  />
                  <QosSelect
                    value={s.qos}
                    onChange={(qos) =>
                      update(
                        'subscriptions',
                        subs.map((x, j) => (j === i ? { ...x, qos } : x)),
                      )
                    }
                  />
                  <button
                    type="button"
                    onClick={() =>
                      update(
                        'subscriptions',
                        subs.filter((_, j) => j !== i),
                      )
                    }
                  >
                    {t('core.remove')}
                  </button>
                  {errors[`subscriptions.${i}.filter`] && <FieldError text={errors[`subscriptions.${i}.filter`]!} />}
                </div>
              ))}
              <button type="button" onClick={() => update('subscriptions', [...subs, { filter: '#', qos: 0 }])}>
                {t('core.profile.addSubscription')}
              </button>
            </fieldset>
          )}

          {topics.length > 0 && (
            <fieldset data-testid="device-topics">
              <legend>{t('kinds.topics.title')}</legend>
              {topics.map((tp) => {
                const subscribed = subs.some((x) => x.filter === tp.topic);
                return (
                  <div className="field wide" key={tp.topic} data-topic-use={tp.use}>
                    <span className="label">
                      {t(tp.labelKey as MessageKey)} · {tp.use === 'publish' ? t('kinds.topics.publish') : t('kinds.topics.subscribe')}
                    </span>
                    <code className="derived">{tp.topic}</code>
                    {tp.payload && <code className="derived">{tp.payload}</code>}
                    {tp.use === 'subscribe' && (
                      <button type="button" disabled={subscribed} onClick={() => update('subscriptions', [...subs, { filter: tp.topic, qos: 0 }])}>
                        {subscribed ? t('kinds.topics.subscribed') : t('kinds.topics.addSubscription')}
                      </button>
                    )}
                  </div>
                );
              })}
            </fieldset>
          )}

          {/* RocketMQ kinds have no TLS options of their own (remoting has none; MQ HTTP is an https:// endpoint the SDK verifies). */}
          {(isMqtt || (tlsOn && descriptor.protocol === 'amqp')) && (
            <fieldset>
              <legend>{t('core.profile.section.tls')}</legend>
              {!tlsOn && <p className="muted">{t('core.hint.tlsOff')}</p>}
              {tlsOn && (
                <>
                  {f(`${tlsBase}.caFile`, 'core.field.caFile', { placeholder: '/path/to/ca.pem', hint: 'core.hint.filePath' })}
                  {f(`${tlsBase}.certFile`, 'core.field.certFile', { placeholder: '/path/to/client.crt' })}
                  {slots.includes('clientKey') && secret('clientKey')}
                  {f(`${tlsBase}.servername`, 'core.field.servername')}
                  <div className="field check">
                    <label>
                      <input type="checkbox" checked={skipVerify} onChange={(e) => update(`${tlsBase}.rejectUnauthorized`, !e.target.checked)} />{' '}
                      {t('core.field.skipVerify')}
                    </label>
                  </div>
                  {skipVerify && (
                    <div className="warning" role="note" data-testid="skip-verify-warning">
                      {t('core.warning.skipVerify')}
                    </div>
                  )}
                </>
              )}
            </fieldset>
          )}

          <fieldset>
            <legend>{t('core.profile.section.reconnect')}</legend>
            {check('reconnect.enabled', 'core.field.reconnectEnabled', true)}
            {f('reconnect.initialDelayMs', 'core.field.initialDelay', { type: 'number' })}
            {f('reconnect.maxDelayMs', 'core.field.maxDelay', { type: 'number' })}
            {f('reconnect.maxAttempts', 'core.field.maxAttempts', { type: 'number', hint: 'kinds.hint.maxAttempts' })}
          </fieldset>
        </div>
        <footer className="dialog-foot">
          <button type="button" onClick={close}>
            {t('core.close')}
          </button>
          <button type="button" data-testid="profile-save-connect" disabled={saving} onClick={() => void save('connect')}>
            {t('kinds.editor.saveAndConnect')}
          </button>
          <button type="submit" className="primary" data-testid="profile-save" disabled={saving}>
            {saving ? t('core.saving') : t('core.save')}
          </button>
        </footer>
      </form>
    </div>
  );
}

function FieldError({ text }: { text: string }) {
  return (
    <div className="field-error" role="alert">
      {text}
    </div>
  );
}

function TextField(props: {
  path: string;
  label: string;
  draft: Draft;
  update: (p: string, v: unknown) => void;
  error?: string;
  type?: 'text' | 'number';
  placeholder?: string;
  hint?: string;
  action?: ReactNode;
}) {
  const { path, label, draft, update, error, type = 'text', placeholder, hint, action } = props;
  const raw = getPath(draft, path);
  const id = `f-${path}`;
  return (
    <div className={`field ${error ? 'has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="input-row">
        <input
          id={id}
          name={path}
          data-testid={`field-${path}`}
          type={type === 'number' ? 'number' : 'text'}
          spellCheck={false}
          autoComplete="off"
          placeholder={placeholder}
          value={raw === undefined || raw === null ? '' : String(raw)}
          aria-invalid={!!error}
          onChange={(e) => {
            const v = e.target.value;
            if (type === 'number') update(path, v === '' ? undefined : Number(v));
            else update(path, v === '' && /^(tls|tlsOptions)\./.test(path) ? undefined : v);
          }}
        />
        {action}
      </div>
      {hint && !error && <div className="hint">{hint}</div>}
      {error && <FieldError text={error} />}
    </div>
  );
}
