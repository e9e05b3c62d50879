// Sandbox: start/stop/reset, endpoints and demo credentials (demo secrets are not user secrets), fault controls.
import { useEffect, useState } from 'react';
import type { SandboxFaultInput, SandboxStatus } from '../../../../shared/contract/sandbox.contract';
import { api, call } from '../../api/client';
import { t } from '../../i18n';
import { addNotice } from '../../state/app-store';
import { DeviceFaceRows, MqInstanceRows } from './SandboxDeviceEndpoints';
import { Field } from './SandboxField';
import { SendToDevice } from './SendToDevice';

function fail(e: unknown) {
  addNotice('error', t('sandbox.error', { message: (e as Error).message }));
}

function useSandboxStatus(): [SandboxStatus | undefined, (s: SandboxStatus) => void] {
  const [status, setStatus] = useState<SandboxStatus>();
  useEffect(() => {
    call('sandbox.status', {}).then(setStatus, fail);
    return api.on('sandbox.changed', setStatus);
  }, []);
  return [status, setStatus];
}

export function SandboxPanel() {
  const [status, setStatus] = useSandboxStatus();
  const [devices, setDevices] = useState('50');
  const [configFile, setConfigFile] = useState('');
  const [busy, setBusy] = useState(false);
  const run = (p: Promise<SandboxStatus>) => {
    setBusy(true);
    p.then(setStatus, fail).finally(() => setBusy(false));
  };
  const running = status?.running === true;
  return (
    <div className="sandbox" data-panel="sandbox">
      <h2>{t('sandbox.title')}</h2>
      <p className="muted">{t('sandbox.intro')}</p>
      <div className="row">
        <strong data-testid="sandbox-state">
          {running && status?.startedAt ? t('sandbox.state.running', { time: new Date(status.startedAt).toLocaleTimeString() }) : t('sandbox.state.stopped')}
        </strong>
        {!running && (
          <>
            <label>
              {t('sandbox.devices')}{' '}
              <input type="number" min={0} max={10000} value={devices} onChange={(e) => setDevices(e.target.value)} style={{ width: '6em' }} />
            </label>
            <label>
              {t('sandbox.configFile')} <input value={configFile} onChange={(e) => setConfigFile(e.target.value)} />
            </label>
          </>
        )}
        <button disabled={busy || running} onClick={() => run(call('sandbox.start', { devices: Number(devices) || 0, ...(configFile ? { configFile } : {}) }))}>
          {t('sandbox.start')}
        </button>
        <button disabled={busy || !running} onClick={() => run(call('sandbox.stop', {}))}>
          {t('sandbox.stop')}
        </button>
        <button disabled={busy || !running} title={t('sandbox.resetHint')} onClick={() => run(call('sandbox.reset', {}))}>
          {t('sandbox.reset')}
        </button>
      </div>
      {status?.error && <p className="error">{t('sandbox.error', { message: status.error })}</p>}
      {running && status && <Endpoints status={status} />}
      {running && status?.endpoints && <SendToDevice e={status.endpoints} />}
      {running && status && <Faults status={status} onStatus={setStatus} />}
    </div>
  );
}

function Endpoints({ status }: { status: SandboxStatus }) {
  const e = status.endpoints!;
  const c = status.counts;
  return (
    <section>
      <h3>{t('sandbox.endpoints')}</h3>
      <p className="muted">
        {t('sandbox.counts', {
          mq: c.mqClients,
          amqp: c.amqpConnections,
          backlog: c.amqpBacklog,
          huawei: c.huaweiClients,
          online: status.fleet?.online ?? 0,
          devices: status.fleet?.devices ?? 0,
        })}
        {' · '}
        {t('sandbox.clock', { offset: `${status.clockOffsetMs} ms` })}
      </p>
      <table className="kv">
        <tbody>
          <Field label="sandbox.field.host" value={e.host} />
          {e.caFile && <Field label="sandbox.field.caFile" value={e.caFile} />}
          {e.mq && (
            <>
              <tr>
                <th colSpan={2}>{t('sandbox.face.mq')}</th>
              </tr>
              <Field
                label="sandbox.field.ports"
                value={t('sandbox.field.portsMq', { tcp: e.mq.tcpPort, tls: e.mq.tlsPort, ws: e.mq.wsPort, wss: e.mq.wssPort })}
              />
              <MqInstanceRows mq={e.mq} />
              <Field label="sandbox.field.accessKey" value={e.mq.accessKey} />
              <Field label="sandbox.field.secretKey" value={e.mq.secretKey} />
              <Field label="sandbox.field.groups" value={e.mq.groups.join(', ')} />
              <Field label="sandbox.field.parents" value={e.mq.parentTopics.join(', ')} />
              <tr>
                <th colSpan={2}>{t('sandbox.face.token')}</th>
              </tr>
              <Field label="sandbox.field.url" value={e.mq.tokenServiceUrl} />
            </>
          )}
          {e.amqp && (
            <>
              <tr>
                <th colSpan={2}>{t('sandbox.face.amqp')}</th>
              </tr>
              <Field label="sandbox.field.port" value={String(e.amqp.port)} />
              <Field label="sandbox.field.accessKey" value={e.amqp.accessKey} />
              <Field label="sandbox.field.accessSecret" value={e.amqp.accessSecret} />
              <Field label="sandbox.field.instance" value={e.amqp.iotInstanceId} />
              <Field label="sandbox.field.consumerGroups" value={e.amqp.consumerGroupIds.join(', ')} />
            </>
          )}
          {e.huawei && (
            <>
              <tr>
                <th colSpan={2}>{t('sandbox.face.huawei')}</th>
              </tr>
              <Field label="sandbox.field.port" value={String(e.huawei.port)} />
              <Field label="sandbox.field.accessKey" value={e.huawei.accessKey} />
              <Field label="sandbox.field.accessCode" value={e.huawei.accessCode} />
              <Field label="sandbox.field.forwarding" value={e.huawei.forwardingTopic} />
            </>
          )}
          <DeviceFaceRows e={e} />
          <tr>
            <th colSpan={2}>{t('sandbox.face.control')}</th>
          </tr>
          <Field label="sandbox.field.url" value={e.control.url} />
          <Field label="sandbox.field.token" value={e.control.token} />
        </tbody>
      </table>
    </section>
  );
}

function Faults({ status, onStatus }: { status: SandboxStatus; onStatus: (s: SandboxStatus) => void }) {
  const [clientId, setClientId] = useState('');
  const [face, setFace] = useState<Extract<SandboxFaultInput, { action: 'drop-client' }>['face'] & string>('mq');
  const [ms, setMs] = useState('60000');
  const [count, setCount] = useState('5');
  const [token, setToken] = useState('');
  const apply = (f: SandboxFaultInput) =>
    call('sandbox.fault', f).then((s) => {
      onStatus(s);
      addNotice('info', t('sandbox.fault.applied', { action: f.action }));
    }, fail);
  const n = (v: string) => Math.trunc(Number(v)) || 0;
  const f = status.faults;
  return (
    <section>
      <h3>{t('sandbox.faults')}</h3>
      <p className="muted">{t('sandbox.current', { latency: f.latencyMs, dup: f.duplicateNext, reorder: f.reorderNext, redelivery: f.redeliveryDelayMs })}</p>
      <div className="row">
        <label>
          {t('sandbox.fault.face')}{' '}
          <select value={face} onChange={(e) => setFace(e.target.value as typeof face)}>
            <option value="mq">MQ for IoT</option>
            <option value="amqp">AMQP</option>
            <option value="huawei">IoTDA</option>
            <option value="iot-device">{t('sandboxDevices.fault.iotDevice')}</option>
            <option value="huawei-device">{t('sandboxDevices.fault.huaweiDevice')}</option>
          </select>
        </label>
        <label>
          {t('sandbox.fault.clientId')} <input value={clientId} onChange={(e) => setClientId(e.target.value)} />
        </label>
        <label>
          {t('sandbox.fault.ms')} <input type="number" value={ms} onChange={(e) => setMs(e.target.value)} style={{ width: '8em' }} />
        </label>
        <label>
          {t('sandbox.fault.count')} <input type="number" min={1} value={count} onChange={(e) => setCount(e.target.value)} style={{ width: '5em' }} />
        </label>
        <label>
          {t('sandbox.fault.token')} <input value={token} onChange={(e) => setToken(e.target.value)} />
        </label>
      </div>
      <div className="row">
        <button disabled={!clientId} onClick={() => apply({ action: 'drop-client', face, clientId })}>
          {t('sandbox.fault.drop')}
        </button>
        <button disabled={!clientId} onClick={() => apply({ action: 'stall-client', face, clientId, ms: Math.max(1, n(ms)) })}>
          {t('sandbox.fault.stall')}
        </button>
        <button onClick={() => apply({ action: 'latency', ms: Math.max(0, n(ms)) })}>{t('sandbox.fault.latency')}</button>
        <button onClick={() => apply({ action: 'duplicate-next', count: Math.max(1, n(count)) })}>{t('sandbox.fault.duplicate')}</button>
        <button onClick={() => apply({ action: 'reorder-next', count: Math.max(2, n(count)) })}>{t('sandbox.fault.reorder')}</button>
        <button onClick={() => apply({ action: 'expire-token', ...(token ? { token } : {}) })}>{t('sandbox.fault.expire')}</button>
        <button onClick={() => apply({ action: 'revoke-token', ...(token ? { token } : {}) })}>{t('sandbox.fault.revoke')}</button>
        <button onClick={() => apply({ action: 'shift-clock', ms: n(ms) })}>{t('sandbox.fault.shift')}</button>
        <button onClick={() => apply({ action: 'set-redelivery-delay', ms: Math.max(0, n(ms)) })}>{t('sandbox.fault.redelivery')}</button>
        <button onClick={() => apply({ action: 'online-unknown-next', count: Math.max(1, n(count)) })}>{t('sandbox.fault.unknown')}</button>
      </div>
      <FlapDevice apply={apply} />
    </section>
  );
}

/** Presence on demand: one fleet device goes offline and back a few times, so the Presence tab flags it. */
function FlapDevice({ apply }: { apply: (f: SandboxFaultInput) => Promise<void> }) {
  const [device, setDevice] = useState('dev-0001');
  const [cycles, setCycles] = useState('3');
  return (
    <div className="row" data-testid="sandbox-flap">
      <strong>{t('shell.sandbox.flap.title')}</strong>
      <label>
        {t('shell.sandbox.flap.device')}{' '}
        <input value={device} onChange={(e) => setDevice(e.target.value)} placeholder="dev-0001" data-testid="flap-device" style={{ width: '10em' }} />
      </label>
      <label>
        {t('shell.sandbox.flap.cycles')}{' '}
        <input type="number" min={1} max={50} value={cycles} onChange={(e) => setCycles(e.target.value)} style={{ width: '5em' }} />
      </label>
      <button
        type="button"
        onClick={() =>
          void apply({
            action: 'flap-device',
            cycles: Math.min(50, Math.max(1, Math.trunc(Number(cycles)) || 3)),
            ...(device.trim() ? { device: device.trim() } : {}),
          })
        }
        data-testid="flap-apply"
        title={t('shell.sandbox.flap.hint')}
      >
        {t('shell.sandbox.flap.apply')}
      </button>
    </div>
  );
}
