// The one notification area, at the top of the main column, newest last. Repeats show as a count; what may fade
// fades (notice-store), errors that need action stay until dismissed. Each notice takes one line (a long one
// opens on demand), so even a burst moves the UI by a few lines and never covers what it is about.
import { useState } from 'react';
import { t } from '../i18n';
import { dismissNotice, holdNotice, useNotices, type Notice } from '../state/notice-store';

/** Longer than this and the one-line view would cut it: offer to open it. */
const LONG = 110;

export function Notices() {
  const notices = useNotices((s) => s.notices);
  if (!notices.length) return null;
  return (
    <div className="notices" aria-live="polite" data-testid="notices">
      {notices.map((n) => (
        <NoticeLine key={n.id} n={n} />
      ))}
    </div>
  );
}

function NoticeLine({ n }: { n: Notice }) {
  const [open, setOpen] = useState(false);
  const long = n.message.length > LONG;
  return (
    <div
      className={`notice notice-${n.level}`}
      role={n.level === 'info' ? 'status' : 'alert'}
      data-needs-action={n.needsAction || undefined}
      onMouseEnter={() => holdNotice(n.id, true)}
      onMouseLeave={() => holdNotice(n.id, false)}
    >
      <span className={`notice-text ${long && !open ? 'clamped' : ''}`} title={long && !open ? n.message : undefined}>
        {n.message}
      </span>
      {n.count > 1 && (
        <span className="notice-count" title={t('shell.notice.repeated', { count: n.count })}>
          ×{n.count}
        </span>
      )}
      {long && (
        <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? t('shell.notice.less') : t('shell.notice.more')}
        </button>
      )}
      <button type="button" className="icon" aria-label={t('core.dismiss')} onClick={() => dismissNotice(n.id)}>
        ×
      </button>
    </div>
  );
}
