// One endpoint or demo credential row of the sandbox panel, with a copy button.
import { t, type MessageKey } from '../../i18n';

export function Field({ label, vars, value }: { label: MessageKey; vars?: Record<string, string | number>; value: string }) {
  return (
    <tr>
      <th>{t(label, vars)}</th>
      <td>
        <code>{value}</code>{' '}
        <button className="small" onClick={() => void navigator.clipboard?.writeText(value)}>
          {t('sandbox.copy')}
        </button>
      </td>
    </tr>
  );
}
