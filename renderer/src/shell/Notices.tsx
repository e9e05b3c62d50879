// Startup warnings and app.notice events, newest last; errors and warnings stay until dismissed.
import { useEffect } from 'react';
import { t } from '../i18n';
import { dismissNotice, useApp } from '../state/app-store';

export function Notices() {
  const notices = useApp((s) => s.notices);
  useEffect(() => {
    // Info notices fade on their own; warnings and errors need a look.
    const infos = notices.filter((n) => n.level === 'info');
    if (!infos.length) return;
    const id = setTimeout(() => infos.forEach((n) => dismissNotice(n.id)), 5000);
    return () => clearTimeout(id);
  }, [notices]);
  if (!notices.length) return null;
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.level}`} role={n.level === 'info' ? 'status' : 'alert'}>
          <span>{n.message}</span>
          <button type="button" className="icon" aria-label={t('core.dismiss')} onClick={() => dismissNotice(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
