// Copy the selected message: its payload as text, the whole detail as JSON, or a mosquitto_pub command.
import { call } from '../../api/client';
import { t } from '../../i18n';
import { base64ToBytes, bytesToHex, decodeUtf8Strict } from '../../lib/payload';
import { addNotice } from '../../state/app-store';
import type { InspectorStore } from '../../state/inspector-store';

export async function copyText(text: string) {
  try {
    await navigator.clipboard.writeText(text);
    addNotice('info', t('core.copied'));
  } catch (e) {
    addNotice('error', t('core.copyFailed', { message: (e as Error).message }));
  }
}

export async function copyDetail(inspector: InspectorStore, kind: 'payload' | 'json' | 'command') {
  const d = inspector.getState().detail;
  if (!d) return;
  const bytes = base64ToBytes(d.payloadBase64);
  const text = decodeUtf8Strict(bytes);
  if (kind === 'payload') return copyText(text ?? bytesToHex(bytes, ' '));
  if (kind === 'json') {
    const { payloadBase64: _b, ...rest } = d;
    return copyText(JSON.stringify({ ...rest, payload: text ?? undefined, payloadBase64: text === null ? d.payloadBase64 : undefined }, null, 2));
  }
  // Built in main by shared/capture/mosquitto-pub-command (as the captures panel does), which knows the
  // profile's host, port and MQTT version; credentials are never part of it.
  try {
    const r = await call('captures.copyAsMosquittoPub', { seq: d.seq });
    return copyText(r.command);
  } catch (e) {
    addNotice('error', (e as Error).message);
  }
}

/** Saves the selected messages (marked, else the selected one) through a download, as JSON or CSV. */
export async function exportSelected(inspector: InspectorStore, format: 'json' | 'csv') {
  const s = inspector.getState();
  const seqs = s.marked.length ? s.marked : s.selectedSeq != null ? [s.selectedSeq] : [];
  if (!seqs.length) return;
  try {
    const r = await call('messages.export', { seqs, format });
    const url = URL.createObjectURL(new Blob([r.text], { type: format === 'json' ? 'application/json' : 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `fieldscope-messages.${format}`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    addNotice('info', t('core.detail.exported', { count: seqs.length }));
  } catch (e) {
    addNotice('error', (e as Error).message);
  }
}
