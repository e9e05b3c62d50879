// Cloud-to-device traffic from the sandbox: a property set to an IoT Platform device, a command to an IoTDA
// device, so a device profile shows what the platform sends it.
import { useState } from 'react';
import type { SandboxEndpoints } from '../../../../shared/contract/sandbox.contract';
import { call } from '../../api/client';
import { t } from '../../i18n';
import { addNotice } from '../../state/app-store';

/** Parses a JSON object typed by the user; the error says what is wrong. */
function parseObject(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return { ok: true, value: v as Record<string, unknown> };
    return { ok: false, error: t('sandboxDevices.send.notObject') };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

function sent(r: { topic: string }) {
  addNotice('info', t('sandboxDevices.send.sent', { topic: r.topic }));
}

function failed(e: unknown) {
  addNotice('error', t('sandbox.error', { message: (e as Error).message }));
}

export function SendToDevice({ e }: { e: SandboxEndpoints }) {
  const iot = e.iotDevice?.devices[0];
  const hw = e.huaweiDevice?.devices[0];
  const [params, setParams] = useState('{"LightSwitch": 1}');
  const [command, setCommand] = useState('Reset');
  const [paras, setParas] = useState('{}');
  if (!iot && !hw) return null;
  const p = parseObject(params);
  const q = parseObject(paras);
  return (
    <section data-testid="sandbox-send-to-device">
      <h3>{t('sandboxDevices.send.title')}</h3>
      {iot && (
        <div className="row">
          <span>{t('sandboxDevices.iotDevice', { deviceName: iot.deviceName })}</span>
          <label>
            {t('sandboxDevices.send.params')}{' '}
            <input data-testid="send-params" value={params} onChange={(ev) => setParams(ev.target.value)} aria-invalid={!p.ok} />
          </label>
          <button
            data-testid="send-property-set"
            disabled={!p.ok}
            onClick={() =>
              p.ok &&
              call('sandbox.sendToDevice', { face: 'iot-device', productKey: iot.productKey, deviceName: iot.deviceName, params: p.value }).then(sent, failed)
            }
          >
            {t('sandboxDevices.send.propertySet')}
          </button>
          {!p.ok && <span className="error">{t('sandboxDevices.send.badJson', { message: p.error })}</span>}
        </div>
      )}
      {hw && (
        <div className="row">
          <span>{t('sandboxDevices.huaweiDevice', { deviceId: hw.deviceId })}</span>
          <label>
            {t('sandboxDevices.send.command')} <input data-testid="send-command-name" value={command} onChange={(ev) => setCommand(ev.target.value)} />
          </label>
          <label>
            {t('sandboxDevices.send.paras')} <input data-testid="send-paras" value={paras} onChange={(ev) => setParas(ev.target.value)} aria-invalid={!q.ok} />
          </label>
          <button
            data-testid="send-command"
            disabled={!q.ok || !command}
            onClick={() =>
              q.ok &&
              call('sandbox.sendToDevice', { face: 'huawei-device', deviceId: hw.deviceId, serviceId: '', commandName: command, paras: q.value }).then(
                sent,
                failed,
              )
            }
          >
            {t('sandboxDevices.send.commandButton')}
          </button>
          {!q.ok && <span className="error">{t('sandboxDevices.send.badJson', { message: q.error })}</span>}
        </div>
      )}
    </section>
  );
}
