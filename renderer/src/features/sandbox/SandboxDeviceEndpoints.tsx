// The sandbox's current-instance MQ settings and its device faces: what a field engineer types into a device.
import type { SandboxEndpoints } from '../../../../shared/contract/sandbox.contract';
import { t } from '../../i18n';
import { Field } from './SandboxField';

/** Rows for the MQ face's instance: ID, accepted modes, device credentials. */
export function MqInstanceRows({ mq }: { mq: NonNullable<SandboxEndpoints['mq']> }) {
  const modes = [...mq.instanceModes, ...(mq.legacyAuth ? [t('sandboxDevices.legacy')] : [])].join(', ');
  return (
    <>
      <Field label="sandboxDevices.instance" value={mq.instanceId} />
      <Field label="sandboxDevices.modes" value={modes} />
      {mq.deviceCredentials.map((d) => (
        <Field
          key={d.clientId}
          label="sandboxDevices.deviceCredential"
          vars={{ clientId: d.clientId }}
          value={t('sandboxDevices.deviceCredentialValue', { id: d.deviceAccessKeyId, secret: d.deviceAccessKeySecret })}
        />
      ))}
    </>
  );
}

/** Rows for the IoT Platform and IoTDA device faces. */
export function DeviceFaceRows({ e }: { e: SandboxEndpoints }) {
  return (
    <>
      {e.iotDevice && (
        <>
          <tr>
            <th colSpan={2}>{t('sandboxDevices.face.iotDevice')}</th>
          </tr>
          <Field label="sandbox.field.ports" value={t('sandboxDevices.portsIotDevice', { tcp: e.iotDevice.tcpPort, tls: e.iotDevice.tlsPort })} />
          {e.iotDevice.devices.map((d) => (
            <Field
              key={`${d.productKey}/${d.deviceName}`}
              label="sandboxDevices.iotDevice"
              vars={{ deviceName: d.deviceName }}
              value={t('sandboxDevices.iotDeviceValue', { productKey: d.productKey, secret: d.deviceSecret })}
            />
          ))}
        </>
      )}
      {e.huaweiDevice && (
        <>
          <tr>
            <th colSpan={2}>{t('sandboxDevices.face.huaweiDevice')}</th>
          </tr>
          <Field label="sandbox.field.port" value={String(e.huaweiDevice.port)} />
          {e.huaweiDevice.devices.map((d) => (
            <Field
              key={d.deviceId}
              label="sandboxDevices.huaweiDevice"
              vars={{ deviceId: d.deviceId }}
              value={t('sandboxDevices.huaweiDeviceValue', { secret: d.secret })}
            />
          ))}
        </>
      )}
      {(e.iotDevice || e.huaweiDevice) && (
        <tr>
          <td colSpan={2} className="muted">
            {t('sandboxDevices.flow')}
          </td>
        </tr>
      )}
    </>
  );
}
