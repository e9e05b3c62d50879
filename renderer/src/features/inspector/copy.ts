// Copy the selected message: its payload as text, the whole detail as JSON, or a mosquitto_pub command.
import { t } from '../../i18n';
import { mosquittoPubCommand } from '../../lib/mosquitto-cmd';
import { base64ToBytes, bytesToHex, decodeUtf8Strict } from '../../lib/payload';
import { addNotice } from '../../state/app-store';
import { inspectorStore } from '../../state/inspector-store';

export async function copyText(text: string) {
  try {
    await navigator.clipboard.writeText(text);
    addNotice('info', t('core.copied'));
  } catch (e) {
    addNotice('error', t('core.copyFailed', { message: (e as Error).message }));
  }
}

export async function copyDetail(kind: 'payload' | 'json' | 'command') {
  const d = inspectorStore.getState().detail;
  if (!d) return;
  const bytes = base64ToBytes(d.payloadBase64);
  const text = decodeUtf8Strict(bytes);
  if (kind === 'payload') return copyText(text ?? bytesToHex(bytes, ' '));
  if (kind === 'json') {
    const { payloadBase64: _b, ...rest } = d;
    return copyText(JSON.stringify({ ...rest, payload: text ?? undefined, payloadBase64: text === null ? d.payloadBase64 : undefined }, null, 2));
  }
  return copyText(mosquittoPubCommand({ topic: d.topic, qos: d.qos, retain: d.retain, text, bytes }));
}
