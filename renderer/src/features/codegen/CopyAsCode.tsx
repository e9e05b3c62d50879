// "Copy as code" for the selected message: MQTTX CLI, Python (paho), Node (mqtt.js) or mosquitto_pub with the
// profile's connection settings. The password is never in the text: the snippet reads it from the environment.
import type { CodeTarget } from '../../../../shared/codegen/code-target';
import { call } from '../../api/client';
import { t, type MessageKey } from '../../i18n';
import { addNotice } from '../../state/app-store';

const TARGETS: CodeTarget[] = ['mqttx-cli', 'python-paho', 'node-mqttjs', 'mosquitto'];

export function CopyAsCode({ seq }: { seq: number }) {
  const copy = async (target: CodeTarget) => {
    try {
      const snippet = await call('codegen.copy', { target, source: { seq } });
      await navigator.clipboard.writeText(snippet.text);
      addNotice('info', snippet.env.length ? t('views.code.copiedEnv', { env: snippet.env.join(', ') }) : t('views.code.copied'));
    } catch (e) {
      addNotice('error', (e as Error).message);
    }
  };
  return (
    <select
      aria-label={t('views.code.copyAs')}
      value=""
      data-testid="copy-as-code"
      onChange={(e) => {
        const target = e.target.value as CodeTarget;
        if (target) void copy(target);
      }}
    >
      <option value="">{t('views.code.copyAs')}</option>
      {TARGETS.map((target) => (
        <option key={target} value={target}>
          {t(`views.code.target.${target}` as MessageKey)}
        </option>
      ))}
    </select>
  );
}
