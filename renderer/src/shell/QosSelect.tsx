import { t } from '../i18n';

export type Qos = 0 | 1 | 2;

/** The QoS picker used wherever a topic is subscribed or published (same labels and aria name everywhere). */
export function QosSelect(props: { value: number; onChange: (qos: Qos) => void }) {
  return (
    <select aria-label={t('core.field.qos')} value={props.value} onChange={(e) => props.onChange(Number(e.target.value) as Qos)}>
      {[0, 1, 2].map((q) => (
        <option key={q} value={q}>
          {t('core.qosN', { qos: q })}
        </option>
      ))}
    </select>
  );
}
