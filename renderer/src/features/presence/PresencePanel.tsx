import { useEffect, useRef, useState } from 'react';
import { call } from '../../api/client';
import { t } from '../../i18n';
import { formatDateTimeMs } from '../../lib/format';
import { downloadFile } from '../../lib/download';
import './presence.css';
import { SourcePicker } from '../captures/SourcePicker';
import {
  MAX_LANES,
  fitView,
  jumpTo,
  presenceOrigin,
  presenceStore,
  refreshSnapshot,
  setCursor,
  setFilter,
  startPresenceLive,
  usePresence,
} from './presence-store';
import { flagReasons } from './flag-reasons';
import { flagReasonText, PresenceLegend } from './PresenceLegend';
import { TimelineCanvas } from './TimelineCanvas';

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

export function PresencePanel() {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => startPresenceLive(), []);
  return (
    <div className="presence-panel" data-panel="presence">
      <PresenceToolbar canvasRef={canvasRef} />
      <PresenceLegend />
      <div className="presence-body">
        <div className="presence-main">
          <TimelineCanvas canvasRef={canvasRef} />
          <CursorBar />
        </div>
        <FlaggedList />
      </div>
    </div>
  );
}

function PresenceToolbar({ canvasRef }: { canvasRef: React.RefObject<HTMLCanvasElement | null> }) {
  const filterText = usePresence((s) => s.filterText);
  const group = usePresence((s) => s.group);
  const flaggedOnly = usePresence((s) => s.flaggedOnly);
  const follow = usePresence((s) => s.follow);
  const counts = usePresence((s) => s.counts);
  const total = usePresence((s) => s.total);
  const error = usePresence((s) => s.error);
  const [pasteOpen, setPasteOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  const exportPng = () => {
    canvasRef.current?.toBlob((b) => b && downloadFile(b, `presence-${stamp()}.png`), 'image/png');
  };
  const exportCsv = async () => {
    setBusy(true);
    try {
      const s = presenceStore.getState();
      const filter: { text?: string; group?: string; flagged?: boolean } = {};
      if (s.filterText) filter.text = s.filterText;
      if (s.group) filter.group = s.group;
      if (s.flaggedOnly) filter.flagged = true;
      const r = await call('presence.exportCsv', { filter, origin: presenceOrigin() });
      downloadFile(r.text, `presence-${stamp()}.csv`, 'text/csv');
    } catch (err) {
      presenceStore.setState({ error: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="presence-toolbar">
      <SourcePicker live="all" />
      <input
        type="search"
        placeholder={t('presence.filter.text')}
        aria-label={t('presence.filter.text')}
        value={filterText}
        onChange={(e) => setFilter({ filterText: e.target.value })}
        data-testid="presence-filter"
      />
      <input
        type="search"
        className="presence-group"
        placeholder={t('presence.filter.group')}
        aria-label={t('presence.filter.group')}
        value={group}
        onChange={(e) => setFilter({ group: e.target.value })}
      />
      <label>
        <input type="checkbox" checked={flaggedOnly} onChange={(e) => setFilter({ flaggedOnly: e.target.checked })} /> {t('presence.filter.flagged')}
      </label>
      <span className="presence-sep" />
      <button type="button" onClick={fitView} title={t('presence.fit.hint')}>
        {t('presence.fit')}
      </button>
      <button
        type="button"
        aria-pressed={follow}
        className={follow ? 'active' : ''}
        onClick={() => presenceStore.setState((s) => ({ follow: !s.follow }))}
        title={t('presence.follow.hint')}
        data-testid="presence-follow"
      >
        {t('presence.follow')}
      </button>
      <button type="button" onClick={() => setPasteOpen((o) => !o)}>
        {t('presence.paste')}
      </button>
      <button type="button" onClick={exportPng}>
        {t('presence.export.png')}
      </button>
      <button type="button" onClick={exportCsv} disabled={busy}>
        {t('presence.export.csv')}
      </button>
      <button
        type="button"
        onClick={async () => {
          if (!window.confirm(t('presence.clear.confirm'))) return;
          await call('presence.clear', { origin: presenceOrigin() });
          void refreshSnapshot();
        }}
      >
        {t('presence.clear')}
      </button>
      <span className="presence-counts" data-testid="presence-counts">
        {counts
          ? t('presence.counts', {
              clients: counts.clients,
              online: counts.online,
              flapping: counts.flapping,
              duplicate: counts.duplicate,
              events: counts.events,
              late: counts.late,
            })
          : t('presence.loading')}
      </span>
      {total > MAX_LANES && <span className="presence-warn">{t('presence.tooMany', { shown: MAX_LANES, total })}</span>}
      {error && (
        <span className="presence-error" role="alert">
          {error}
        </span>
      )}
      {pasteOpen && <PasteBox onClose={() => setPasteOpen(false)} />}
      <details className="presence-help">
        <summary>{t('presence.keys.title')}</summary>
        <p>{t('presence.keys.body')}</p>
        <SourceSettings />
      </details>
    </div>
  );
}

function PasteBox({ onClose }: { onClose: () => void }) {
  const [text, setText] = useState('');
  const [topic, setTopic] = useState('');
  const [result, setResult] = useState<string | null>(null);
  return (
    <div className="presence-paste">
      <textarea
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('presence.paste.placeholder')}
        rows={6}
        aria-label={t('presence.paste')}
      />
      <input value={topic} onChange={(e) => setTopic(e.target.value)} placeholder={t('presence.paste.topic')} aria-label={t('presence.paste.topic')} />
      <button
        type="button"
        onClick={async () => {
          try {
            const r = await call('presence.addEvents', { text, topic });
            setResult(
              t('presence.paste.result', { added: r.added, rejected: r.rejected }) + (r.problems.length ? ` — ${r.problems.slice(0, 3).join('; ')}` : ''),
            );
          } catch (err) {
            setResult((err as Error).message);
          }
        }}
      >
        {t('presence.paste.add')}
      </button>
      <button type="button" onClick={onClose}>
        {t('presence.close')}
      </button>
      {result && <div className="muted">{result}</div>}
    </div>
  );
}

function SourceSettings() {
  const overview = usePresence((s) => s.overview);
  const [filter, setFilterText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const settings = overview?.settings;
  const apply = async (patch: Record<string, number | boolean>) => {
    try {
      await call('presence.configure', patch);
      void refreshSnapshot();
    } catch (err) {
      setProblem((err as Error).message);
    }
  };
  return (
    <div className="presence-settings">
      <label>
        <input type="checkbox" checked={settings?.autoDetect ?? true} onChange={(e) => apply({ autoDetect: e.target.checked })} />{' '}
        {t('presence.settings.autoDetect')}
      </label>
      <label>
        {t('presence.settings.flapCount')}{' '}
        <input
          type="number"
          min={2}
          max={1000}
          defaultValue={settings?.flapTransitions ?? 4}
          key={`n${settings?.flapTransitions}`}
          onBlur={(e) => apply({ flapTransitions: Number(e.target.value) })}
        />
      </label>
      <label>
        {t('presence.settings.flapWindow')}{' '}
        <input
          type="number"
          min={0}
          defaultValue={(settings?.flapWindowMs ?? 60_000) / 1000}
          key={`w${settings?.flapWindowMs}`}
          onBlur={(e) => apply({ flapWindowMs: Math.round(Number(e.target.value) * 1000) })}
        />
      </label>
      <div>
        <input
          value={filter}
          onChange={(e) => setFilterText(e.target.value)}
          placeholder={t('presence.settings.topicPlaceholder')}
          aria-label={t('presence.settings.topic')}
        />
        <button
          type="button"
          onClick={async () => {
            try {
              await call('presence.setSourceTopic', { topicFilter: filter, enabled: true });
              setProblem(null);
              void refreshSnapshot();
            } catch (err) {
              setProblem((err as Error).message);
            }
          }}
        >
          {t('presence.settings.mark')}
        </button>
      </div>
      <ul>
        {overview?.sourceTopics.map((s) => (
          <li key={`${s.connectionId ?? ''}|${s.topicFilter}`}>
            {s.topicFilter}
            {s.connectionId ? ` (${s.connectionId})` : ''}{' '}
            <button
              type="button"
              onClick={async () => {
                await call('presence.setSourceTopic', { ...s, enabled: false });
                void refreshSnapshot();
              }}
            >
              {t('presence.settings.unmark')}
            </button>
          </li>
        ))}
      </ul>
      {problem && <div className="presence-error">{problem}</div>}
    </div>
  );
}

function CursorBar() {
  const cursor = usePresence((s) => s.cursor);
  const c = usePresence((s) => s.cursorCounts);
  if (cursor === null) return <div className="presence-cursorbar muted">{t('presence.cursor.hint')}</div>;
  return (
    <div className="presence-cursorbar" data-testid="presence-cursor">
      {t('presence.cursor.at', { time: formatDateTimeMs(cursor) })}{' '}
      {c && t('presence.cursor.counts', { online: c.online, offline: c.offline, unknown: c.unknown, unseen: c.notYetSeen })}{' '}
      <button type="button" onClick={() => void setCursor(null)}>
        {t('presence.close')}
      </button>
    </div>
  );
}

function FlaggedList() {
  const flagged = usePresence((s) => s.flagged);
  const highlight = usePresence((s) => s.highlight);
  const settings = usePresence((s) => s.overview?.settings);
  return (
    <aside className="presence-flagged" aria-label={t('presence.flagged.title')}>
      <h3>{t('presence.flagged.title')}</h3>
      {flagged.length === 0 && <div className="muted">{t('presence.flagged.none')}</div>}
      <ul data-testid="presence-flagged">
        {flagged.map((r) => (
          <li key={r.clientId}>
            <button type="button" className={highlight === r.clientId ? 'active' : ''} onClick={() => jumpTo(r.clientId)} title={r.clientId}>
              <span className="presence-flags">
                {r.flapping && <span className="presence-flap">{t('presence.flag.flapping')}</span>}
                {r.duplicate && <span className="presence-dup">{t('presence.flag.duplicate')}</span>}
              </span>
              <span className="presence-flagged-id">{r.clientId}</span>
              {flagReasons(r, settings).map((why) => (
                <span key={why.kind} className="presence-why" data-testid="presence-why">
                  {flagReasonText(why)}
                </span>
              ))}
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
