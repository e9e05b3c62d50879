import { useEffect } from 'react';
import { CapturesPanel } from './features/captures/CapturesPanel';
import { useCaptures } from './features/captures/captures-store';
import { SourcePicker, useViewCapture } from './features/captures/SourcePicker';
import { ConnectionHeader } from './features/connections/SubscriptionsBar';
import { PublishPanel } from './features/connections/PublishPanel';
import { ForeignImportDialog } from './features/import/ForeignImportDialog';
import { InspectorView } from './features/inspector/InspectorView';
import { PresencePanel } from './features/presence/PresencePanel';
import { ImportSecretsDialog } from './features/profiles/ImportSecretsDialog';
import { ProfileEditor } from './features/profiles/ProfileEditor';
import { ProtocolLogView } from './features/protocol-log/ProtocolLogView';
import { SandboxPanel } from './features/sandbox/SandboxPanel';
import { CaptureTokens, TokensPanel } from './features/tokens/TokensPanel';
import { TopicTreePanel } from './features/topics/TopicTreePanel';
import { ChartsPanel } from './features/charts/ChartsPanel';
import { t, type MessageKey, useLocale } from './i18n';
import { HelpOverlay } from './shell/HelpOverlay';
import { loadLanguagePref } from './shell/language-pref';
import { Notices } from './shell/Notices';
import { loadUiPrefs } from './shell/ui-prefs';
import { Welcome } from './shell/Welcome';
import { Sidebar } from './shell/Sidebar';
import { StatusBar } from './shell/StatusBar';
import { useShortcuts } from './shell/useShortcuts';
import { appStore, startAppStore, TABS, useApp, type TabId } from './state/app-store';
import { useInspectorStore } from './state/inspector-store';

export function App() {
  const info = useApp((s) => s.info);
  const error = useApp((s) => s.infoError);
  // Keyed on the language so a switch re-renders every text, memoised rows included, without a reload; the
  // state lives in stores outside React and survives.
  const locale = useLocale();
  const inspector = useInspectorStore();
  useEffect(() => {
    void loadLanguagePref();
    void loadUiPrefs();
    startAppStore();
  }, []);
  useEffect(() => inspector.actions.start(), [inspector]);
  useShortcuts();
  if (error)
    return (
      <div className="fatal" role="alert">
        {t('app.backendError', { message: error })}
      </div>
    );
  if (!info) return <div className="fatal muted">{t('app.loading')}</div>;
  return (
    <div className="app" data-host={info.host} key={locale}>
      <Sidebar />
      <main className="main">
        <Notices />
        <Welcome />
        <ConnectionHeader />
        <Tabs />
        <div className="tab-body">
          <TabBody />
        </div>
      </main>
      <StatusBar />
      <ProfileEditor />
      <ImportSecretsDialog />
      <ForeignImportDialog />
      <HelpOverlay />
    </div>
  );
}

function Tabs() {
  const tab = useApp((s) => s.tab);
  const hasLive = useApp((s) => s.selectedConnectionId !== null);
  // An opened capture has a (read-only) token timeline too.
  const hasCapture = useCaptures((s) => s.open.length > 0);
  const hasConn = hasLive || hasCapture;
  return (
    <div className="tabs" role="tablist" aria-label={t('core.tabs.label')}>
      {TABS.filter((id) => id !== 'tokens' || hasConn).map((id, i) => (
        <button
          key={id}
          type="button"
          role="tab"
          aria-selected={tab === id}
          className={tab === id ? 'active' : ''}
          onClick={() => appStore.setState({ tab: id })}
          title={`Alt+${i + 1}`}
          data-tab={id}
        >
          {t(`core.tab.${id}` as MessageKey)}
        </button>
      ))}
    </div>
  );
}

function TabBody() {
  const tab: TabId = useApp((s) => s.tab);
  const connectionId = useApp((s) => s.selectedConnectionId);
  switch (tab) {
    case 'inspector':
      return <InspectorView />;
    case 'log':
      return <ProtocolLogView />;
    case 'publish':
      return <PublishPanel />;
    case 'presence':
      return <PresencePanel />;
    case 'captures':
      return <CapturesPanel />;
    case 'sandbox':
      return <SandboxPanel />;
    case 'topics':
      return <TopicTreePanel />;
    case 'charts':
      return <ChartsPanel />;
    case 'tokens':
      return <TokensTab connectionId={connectionId} />;
  }
}

/** The selected connection's tokens, or an opened capture's recorded token timeline (read-only). */
function TokensTab({ connectionId }: { connectionId: string | null }) {
  const capture = useViewCapture();
  return (
    <>
      <SourcePicker live="connection" />
      {capture ? (
        <CaptureTokens key={capture} connectionId={capture} />
      ) : connectionId ? (
        <TokensPanel connectionId={connectionId} />
      ) : (
        <p className="muted pad">{t('core.log.noConnection')}</p>
      )}
    </>
  );
}
