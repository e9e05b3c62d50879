// The one notification area: a stack over the bottom-right corner (it never pushes the UI down), newest last.
// Repeats show as a count; what may fade fades (notice-store), errors that need action stay until dismissed.
import { t } from '../i18n';
import { dismissNotice, holdNotice, useNotices } from '../state/notice-store';

export function Notices() {
  const notices = useNotices((s) => s.notices);
  return (
    <div className="notices" aria-live="polite" data-testid="notices">
      {notices.map((n) => (
        <div
          key={n.id}
          className={`notice notice-${n.level}`}
          role={n.level === 'info' ? 'status' : 'alert'}
          data-needs-action={n.needsAction || undefined}
          onMouseEnter={() => holdNotice(n.id, true)}
          onMouseLeave={() => holdNotice(n.id, false)}
        >
          <span className="notice-text">{n.message}</span>
          {n.count > 1 && (
            <span className="notice-count" title={t('shell.notice.repeated', { count: n.count })}>
              ×{n.count}
            </span>
          )}
          <button type="button" className="icon" aria-label={t('core.dismiss')} onClick={() => dismissNotice(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
