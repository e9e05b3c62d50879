// Two messages side by side in monaco's diff editor. JSON payloads are formatted from their own text (numbers
// as sent, key order and duplicates kept) so the diff shows real changes, not re-serialisation noise.
import { useEffect, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor';
import type { MessageDetail } from '../../../../shared/contract/messages.contract';
import { base64ToBytes } from '../../../../shared/mqtt/base64';
import { decodeUtf8Strict } from '../../../../shared/mqtt/utf8';
import { toHex } from '../../../../shared/mqtt/hex';
import { formatJsonLossless } from '../../../../shared/payload/json-lossless-format';
import { call } from '../../api/client';
import { t } from '../../i18n';
import { formatDateTimeMs } from '../../lib/format';
import { loadMonaco } from '../../monaco/MonacoView';

/** The text a payload is compared as: formatted JSON when it parses, its text otherwise, hex for binary. */
export function diffText(payloadBase64: string): { text: string; language: string } {
  const bytes = base64ToBytes(payloadBase64);
  const text = decodeUtf8Strict(bytes);
  if (text === null) return { text: toHex(bytes, ' ').replace(/((?:[0-9a-f]{2} ){16})/g, '$1\n'), language: 'plaintext' };
  const json = formatJsonLossless(text);
  return json.ok ? { text: json.text, language: 'json' } : { text, language: 'plaintext' };
}

export function MessageDiff({ left, right, onClose }: { left: number; right: number; onClose(): void }) {
  const host = useRef<HTMLDivElement>(null);
  const [details, setDetails] = useState<[MessageDetail, MessageDetail] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([call('messages.detail', { seq: left }), call('messages.detail', { seq: right })])
      .then(([a, b]) => {
        if (!live) return;
        if (!a || !b) setError(t('views.diff.gone'));
        else setDetails([a, b]);
      })
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [left, right]);

  useEffect(() => {
    if (!details || !host.current) return;
    let disposed = false;
    let editor: Monaco.editor.IStandaloneDiffEditor | null = null;
    const models: Monaco.editor.ITextModel[] = [];
    void loadMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      const a = diffText(details[0].payloadBase64);
      const b = diffText(details[1].payloadBase64);
      const original = monaco.editor.createModel(a.text, a.language);
      const modified = monaco.editor.createModel(b.text, b.language);
      models.push(original, modified);
      editor = monaco.editor.createDiffEditor(host.current, {
        readOnly: true,
        originalEditable: false,
        automaticLayout: true,
        minimap: { enabled: false },
        fontSize: 12,
        renderSideBySide: true,
      });
      editor.setModel({ original, modified });
    });
    return () => {
      disposed = true;
      editor?.dispose();
      for (const m of models) m.dispose();
    };
  }, [details]);

  return (
    <div className="dialog-backdrop" role="presentation" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="dialog diff-dialog" role="dialog" aria-modal="true" aria-label={t('views.diff.title')}>
        <header className="dialog-head">
          <h2>{t('views.diff.title')}</h2>
          <button type="button" onClick={onClose} autoFocus>
            {t('views.import.close')}
          </button>
        </header>
        {error && (
          <div className="form-error" role="alert">
            {error}
          </div>
        )}
        {details && (
          <div className="diff-heads" data-testid="diff-heads">
            {details.map((d) => (
              <span key={d.seq} data-i18n="data">
                {d.topic} · {formatDateTimeMs(d.arrivedAt)}
              </span>
            ))}
          </div>
        )}
        <div className="diff-host" ref={host} data-testid="diff-editor" />
      </div>
    </div>
  );
}
