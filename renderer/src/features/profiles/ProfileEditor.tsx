// Create / edit a profile of any kind. Validated with the shared zod schema as the user types (errors shown
// beside each field with what to fix) and again by main on save. Typed secrets leave with the save.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ProfileInput, ProfileKind, ProfileView, SecretSlot } from '../../../../shared/contract/profiles.contract';
import { call } from '../../api/client';
import { t, type MessageKey } from '../../i18n';
import { addNotice, appStore, refreshProfiles, useApp } from '../../state/app-store';
import { getPath, setPath, type Draft } from './draft-path';
import { aliyunMqClientId, defaultProfile, newProfileId, parseBackendErrors, secretsToSend, secretSlotsFor, validateDraft, type FieldErrors, type SecretEdits } from './profile-model';
import { SecretField } from './SecretField';
import { QosSelect } from '../../shell/QosSelect';

type PreviewModule = { CredentialPreview?: (p: { profileId: string }) => ReactNode };
// The vendors work adds this component; mounted when present so the editor builds either way.
const previewModules = import.meta.glob<PreviewModule>('../vendors/CredentialPreview.tsx', { eager: true });
const CredentialPreview = Object.values(previewModules)[0]?.CredentialPreview;

const MQTT_KINDS: ProfileKind[] = ['mqtt', 'aliyun-mq', 'huawei-iotda'];

export function ProfileEditor() {
  const target = useApp((s) => s.editor);
  const profiles = useApp((s) => s.profiles);
  const editingId = target?.mode === 'edit' ? target.profileId : null;
  const view = editingId ? profiles.find((p) => p.profile.id === editingId) : undefined;
  if (!target) return null;
  return <EditorDialog key={editingId ?? `new-${target.mode === 'new' ? target.kind : ''}`} initial={view ?? null} kind={target.mode === 'new' ? target.kind : (view?.profile.kind ?? 'mqtt')} />;
}

function EditorDialog({ initial, kind: initialKind }: { initial: ProfileView | null; kind: ProfileKind }) {
  const [draft, setDraft] = useState<Draft>(() => (initial ? (structuredClone(initial.profile) as Draft) : (defaultProfile(initialKind, newProfileId(), t('core.profile.newName')) as Draft)));
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

  const save = async () => {
    setTouched(true);
    if (!validation.ok) return;
    setSaving(true);
    try {
      const view = await call('profiles.save', { profile: draft as ProfileInput, secrets: secretsToSend(secretEdits) });
      // The typed secrets are in the keychain now; the renderer forgets them.
      setSecretEdits({});
      setSaved(view);
      setDraft(structuredClone(view.profile) as Draft);
      setBackendError(null);
      void refreshProfiles();
      addNotice('info', t('core.profile.saved', { name: view.profile.name }));
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
    <TextField key={path} path={path} label={t(labelKey)} draft={draft} update={update} error={errors[path]} type={opts.type} placeholder={opts.placeholder} hint={opts.hint && t(opts.hint)} />
  );
  const sel = (path: string, labelKey: MessageKey, options: { value: string | number; label: string }[], numeric = false) => (
    <div className="field" key={path}>
      <label htmlFor={`f-${path}`}>{t(labelKey)}</label>
      <select id={`f-${path}`} value={String(getPath(draft, path) ?? '')} onChange={(e) => update(path, numeric ? Number(e.target.value) : e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {errors[path] && <FieldError text={errors[path]} />}
    </div>
  );
  const check = (path: string, labelKey: MessageKey, defaultValue = false) => (
    <div className="field check" key={path}>
      <label>
        <input type="checkbox" checked={Boolean(getPath(draft, path) ?? defaultValue)} onChange={(e) => update(path, e.target.checked)} /> {t(labelKey)}
      </label>
    </div>
  );

  const slots: SecretSlot[] = secretSlotsFor(kind, draft);
  const secretState = (slot: SecretSlot) => saved?.secrets[slot] as 'set' | 'unset' | undefined;
  const secret = (slot: SecretSlot) => (
    <SecretField
      key={slot}
      slot={slot}
      state={secretState(slot)}
      edit={secretEdits[slot]}
      onEdit={(v) => setSecretEdits((s) => { const n = { ...s }; if (v === undefined) delete n[slot]; else n[slot] = v; return n; })}
      onKeyFileName={(name) => update(MQTT_KINDS.includes(kind) ? 'tls.keyFileName' : 'tlsOptions.keyFileName', name)}
    />
  );

  const isMqtt = MQTT_KINDS.includes(kind);
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
          void save();
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
            <div className="field">
              <label htmlFor="f-kind">{t('core.field.kind')}</label>
              <select id="f-kind" value={kind} disabled={!!saved} onChange={(e) => changeKind(e.target.value as ProfileKind)}>
                {(['mqtt', 'aliyun-mq', 'aliyun-amqp', 'huawei-iotda', 'amqp'] as ProfileKind[]).map((k) => (
                  <option key={k} value={k}>
                    {t(`core.kind.${k}` as MessageKey)}
                  </option>
                ))}
              </select>
            </div>
          </fieldset>

          <fieldset>
            <legend>{t('core.profile.section.server')}</legend>
            {f('host', 'core.field.host', { placeholder: kind === 'aliyun-mq' ? 'post-cn-xxx.mqtt.aliyuncs.com' : undefined })}
            {f('port', 'core.field.port', { type: 'number' })}
            {isMqtt &&
              sel('transport', 'core.field.transport', [
                { value: 'tcp', label: t('core.transport.tcp') },
                { value: 'tls', label: t('core.transport.tls') },
                { value: 'ws', label: t('core.transport.ws') },
                { value: 'wss', label: t('core.transport.wss') },
              ])}
            {isMqtt && (transport === 'ws' || transport === 'wss') && f('wsPath', 'core.field.wsPath')}
            {!isMqtt && check('tls', 'core.field.amqpTls', true)}
            {kind === 'aliyun-mq' && f('region', 'core.field.region', { placeholder: 'cn-hangzhou' })}
          </fieldset>

          <fieldset>
            <legend>{t('core.profile.section.identity')}</legend>
            {kind === 'aliyun-mq' && (
              <>
                {f('groupId', 'core.field.groupId', { hint: 'core.hint.groupId' })}
                {f('deviceId', 'core.field.deviceId')}
                <div className="field">
                  <span className="label">{t('core.field.clientId')}</span>
                  <code className="derived" data-testid="aliyun-client-id">
                    {aliyunMqClientId(String(draft.groupId ?? ''), String(draft.deviceId ?? ''))}
                  </code>
                </div>
              </>
            )}
            {(kind === 'mqtt' || kind === 'huawei-iotda' || kind === 'aliyun-amqp') && (
              <TextField
                path="clientId"
                label={t('core.field.clientId')}
                draft={draft}
                update={update}
                error={errors.clientId}
                action={
                  kind !== 'aliyun-amqp' ? (
                    <button type="button" onClick={() => void generateClientId()}>
                      {t('core.profile.generate')}
                    </button>
                  ) : undefined
                }
              />
            )}
            {kind === 'mqtt' && f('username', 'core.field.username')}
            {kind === 'amqp' && sel('sasl', 'core.field.sasl', [{ value: 'plain', label: t('core.sasl.plain') }, { value: 'anonymous', label: t('core.sasl.anonymous') }])}
            {kind === 'amqp' && draft.sasl !== 'anonymous' && f('username', 'core.field.username')}
            {(kind === 'aliyun-mq' || kind === 'aliyun-amqp' || kind === 'huawei-iotda') && f('accessKey', 'core.field.accessKey')}
            {kind === 'aliyun-mq' && sel('authMode', 'core.field.authMode', [{ value: 'signature', label: t('core.auth.signature') }, { value: 'token', label: t('core.auth.token') }])}
            {kind === 'aliyun-mq' && draft.authMode === 'token' && sel('tokenRenewal', 'core.field.tokenRenewal', [{ value: 'auto', label: t('core.renewal.auto') }, { value: 'ask', label: t('core.renewal.ask') }, { value: 'off', label: t('core.renewal.off') }])}
            {kind === 'aliyun-mq' && draft.authMode === 'token' && f('tokenServiceUrl', 'core.field.tokenServiceUrl')}
            {kind === 'aliyun-mq' && f('onlineQueryUrl', 'core.field.onlineQueryUrl')}
            {kind === 'aliyun-amqp' && (
              <>
                {f('iotInstanceId', 'core.field.iotInstanceId', { hint: 'core.hint.iotInstanceId' })}
                {f('consumerGroupId', 'core.field.consumerGroupId')}
                {sel('authMode', 'core.field.authMode', [{ value: 'aksign', label: 'aksign' }, { value: 'ststoken', label: 'ststoken' }])}
                {sel('signMethod', 'core.field.signMethod', [{ value: 'hmacmd5', label: 'hmacmd5' }, { value: 'hmacsha1', label: 'hmacsha1' }, { value: 'hmacsha256', label: 'hmacsha256' }])}
              </>
            )}
            {kind === 'huawei-iotda' && (
              <>
                {f('instanceId', 'core.field.instanceId')}
                {f('forwardingTopic', 'core.field.forwardingTopic')}
              </>
            )}
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
              {sel('protocolVersion', 'core.field.protocolVersion', [{ value: 4, label: 'MQTT 3.1.1' }, { value: 5, label: 'MQTT 5' }], true)}
              {check('clean', 'core.field.clean', true)}
              {kind === 'aliyun-mq' && <p className="muted hint">{t('mqclient.editor.offlineNote')}</p>}
              {kind === 'aliyun-mq' && check('orderedSending', 'mqclient.field.orderedSending')}
              {f('keepaliveSec', 'core.field.keepalive', { type: 'number' })}
              {f('connectTimeoutMs', 'core.field.connectTimeout', { type: 'number' })}
            </fieldset>
          )}
          {!isMqtt && (
            <fieldset>
              <legend>{t('core.profile.section.amqp')}</legend>
              {f('sourceAddress', 'core.field.sourceAddress', { hint: 'core.hint.sourceAddress' })}
              {f('idleTimeoutSec', 'core.field.idleTimeout', { type: 'number', hint: kind === 'aliyun-amqp' ? 'core.hint.idleTimeout' : undefined })}
              {f('credit', 'core.field.credit', { type: 'number' })}
              {sel('ackMode', 'core.field.ackMode', [{ value: 'auto', label: t('core.ack.auto') }, { value: 'manual', label: t('core.ack.manual') }, { value: 'hold', label: t('core.ack.hold') }])}
            </fieldset>
          )}

          {kind === 'mqtt' && (
            <fieldset>
              <legend>
                <label>
                  <input type="checkbox" checked={willOn} onChange={(e) => update('will', e.target.checked ? { topic: '', payload: '', qos: 0, retain: false } : undefined)} /> {t('core.profile.section.will')}
                </label>
              </legend>
              {willOn && (
                <>
                  {f('will.topic', 'core.field.willTopic')}
                  {f('will.payload', 'core.field.willPayload')}
                  {sel('will.qos', 'core.field.qos', [0, 1, 2].map((q) => ({ value: q, label: String(q) })), true)}
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
                  <input aria-label={t('core.field.topicFilter')} value={s.filter} onChange={(e) => update('subscriptions', subs.map((x, j) => (j === i ? { ...x, filter: e.target.value } : x)))} />
                  <QosSelect value={s.qos} onChange={(qos) => update('subscriptions', subs.map((x, j) => (j === i ? { ...x, qos } : x)))} />
                  <button type="button" onClick={() => update('subscriptions', subs.filter((_, j) => j !== i))}>
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

          {(tlsOn || isMqtt) && (
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
                      <input type="checkbox" checked={skipVerify} onChange={(e) => update(`${tlsBase}.rejectUnauthorized`, !e.target.checked)} /> {t('core.field.skipVerify')}
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
            {f('reconnect.maxAttempts', 'core.field.maxAttempts', { type: 'number', hint: 'core.hint.maxAttempts' })}
          </fieldset>
        </div>
        <footer className="dialog-foot">
          <button type="button" onClick={close}>
            {t('core.close')}
          </button>
          <button type="submit" className="primary" disabled={saving}>
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

function TextField(props: { path: string; label: string; draft: Draft; update: (p: string, v: unknown) => void; error?: string; type?: 'text' | 'number'; placeholder?: string; hint?: string; action?: ReactNode }) {
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
