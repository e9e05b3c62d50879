// The "Decoded" view of a message: the decoder its topic's rule (or the topic/bytes) picks, or one tried here,
// its exact JSON, and the error with its byte offset when the bytes do not fit; a choice can be remembered for
// a topic filter.
import { useEffect, useState } from 'react';
import type { DecodeResult, DecoderKind, DecoderRule } from '../../../../shared/contract/decoders.contract';
import { api, call } from '../../api/client';
import { t, type MessageKey } from '../../i18n';
import { addNotice } from '../../state/app-store';

const KINDS: DecoderKind[] = ['msgpack', 'cbor', 'sparkplug', 'protobuf', 'compressed-json', 'js-transform'];

export function DecodedView({ seq, topic }: { seq: number; topic: string }) {
  const [result, setResult] = useState<DecodeResult | null | undefined>(undefined);
  const [draft, setDraft] = useState<DecoderRule>({ topicFilter: topic, decoder: 'msgpack' });
  const [error, setError] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);

  useEffect(() => api.on('decoders.changed', () => setRevision((r) => r + 1)), []);
  useEffect(() => {
    let live = true;
    call('decoders.decode', { seq })
      .then((r) => {
        if (!live) return;
        setResult(r);
        if (r) setDraft((d) => ({ ...d, decoder: r.decoder, topicFilter: r.topicFilter ?? topic }));
      })
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [seq, topic, revision]);

  const tryDraft = async () => {
    setError(null);
    try {
      setResult(await call('decoders.decode', { seq, rule: clean(draft) }));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const remember = async () => {
    setError(null);
    try {
      await call('decoders.setRule', clean(draft));
      addNotice('info', t('views.decode.remembered', { filter: draft.topicFilter }));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="decoded-view" data-testid="decoded-view">
      <div className="publish-row">
        <select aria-label={t('views.decode.decoder')} value={draft.decoder} onChange={(e) => setDraft({ ...draft, decoder: e.target.value as DecoderKind })}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`views.decode.kind.${k}` as MessageKey)}
            </option>
          ))}
        </select>
        {draft.decoder === 'protobuf' && (
          <>
            <input
              className="grow"
              aria-label={t('views.decode.protoFiles')}
              placeholder={t('views.decode.protoFilesHint')}
              value={(draft.protoFiles ?? []).join(';')}
              onChange={(e) =>
                setDraft({
                  ...draft,
                  protoFiles: e.target.value
                    .split(';')
                    .map((s) => s.trim())
                    .filter(Boolean),
                })
              }
              spellCheck={false}
            />
            <input
              aria-label={t('views.decode.typeName')}
              placeholder="package.Message"
              value={draft.typeName ?? ''}
              onChange={(e) => setDraft({ ...draft, typeName: e.target.value })}
              spellCheck={false}
            />
          </>
        )}
        <button type="button" onClick={() => void tryDraft()}>
          {t('views.decode.try')}
        </button>
        <input
          aria-label={t('views.decode.forFilter')}
          value={draft.topicFilter}
          onChange={(e) => setDraft({ ...draft, topicFilter: e.target.value })}
          spellCheck={false}
        />
        <button type="button" onClick={() => void remember()}>
          {t('views.decode.remember')}
        </button>
      </div>
      {draft.decoder === 'js-transform' && (
        <textarea
          className="decode-script"
          aria-label={t('views.decode.script')}
          rows={5}
          spellCheck={false}
          placeholder={'// payload: Uint8Array, topic: string\nreturn { celsius: (payload[0] << 8 | payload[1]) / 10 };'}
          value={draft.script ?? ''}
          onChange={(e) => setDraft({ ...draft, script: e.target.value })}
        />
      )}
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      {result === null && <p className="muted">{t('views.decode.none')}</p>}
      {result && (
        <>
          <p className="muted" data-testid="decoded-by">
            {result.topicFilter
              ? t('views.decode.byRule', { decoder: t(`views.decode.kind.${result.decoder}` as MessageKey), filter: result.topicFilter })
              : t('views.decode.auto', { decoder: t(`views.decode.kind.${result.decoder}` as MessageKey) })}
          </p>
          {result.ok ? (
            <pre className="decoded-json" data-testid="decoded-json">
              {result.json}
            </pre>
          ) : (
            <div className="form-error" role="alert" data-testid="decode-error">
              {result.offset !== undefined ? t('views.decode.errorAt', { error: result.error ?? '', offset: result.offset }) : result.error}
            </div>
          )}
        </>
      )}
    </div>
  );
}

function clean(rule: DecoderRule): DecoderRule {
  const r: DecoderRule = { topicFilter: rule.topicFilter, decoder: rule.decoder };
  if (rule.decoder === 'protobuf') {
    r.protoFiles = rule.protoFiles ?? [];
    r.typeName = rule.typeName ?? '';
  }
  if (rule.decoder === 'js-transform') r.script = rule.script ?? '';
  return r;
}
