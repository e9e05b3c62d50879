import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/contract/app.contract';
import { call } from './api/client';
import { t } from './i18n';

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('app.info', {}).then(setInfo, (e: Error) => setError(e.message));
  }, []);
  if (error) return <div role="alert">{t('app.backendError', { message: error })}</div>;
  if (!info) return <div>{t('app.loading')}</div>;
  return (
    <div className="app" data-host={info.host}>
      <h1>{t('app.title')}</h1>
    </div>
  );
}
