// The source select of the Protocol log, Tokens and Presence tabs: the live connection(s) or an opened capture
// (read-only); the choice is one for the three tabs (view-source.ts), so it holds while switching between them.
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { t } from '../../i18n';
import { appStore, useApp } from '../../state/app-store';
import { startCaptures, useCaptures } from './captures-store';
import './captures.css';
import { isCaptureSource, viewSourceStore } from './view-source';

/** The opened capture the tabs show, or null (live). */
export function useViewCapture(): string | null {
  useEffect(() => startCaptures(), []);
  return useStore(viewSourceStore, (s) => s.capture);
}

/**
 * The source select. `live` says what the live option means: the selected connection (`connection`: each
 * open connection is its own option) or all live presence (`all`).
 */
export function SourcePicker({ live }: { live: 'connection' | 'all' }) {
  const capture = useViewCapture();
  const open = useCaptures((s) => s.open);
  const connections = useApp((s) => s.connections);
  const selected = useApp((s) => s.selectedConnectionId);
  if (open.length === 0) return null;
  const liveList = Object.values(connections);
  const value = capture ?? (live === 'connection' ? (selected ?? '') : '');
  const choose = (v: string) => {
    if (isCaptureSource(v)) viewSourceStore.setState({ capture: v });
    else {
      viewSourceStore.setState({ capture: null });
      if (v) appStore.setState({ selectedConnectionId: v });
    }
  };
  return (
    <label className="source-picker field-inline">
      <span className="label">{t('captures.source.label')}</span>
      <select value={value} onChange={(e) => choose(e.target.value)} aria-label={t('captures.source.label')} data-testid="source-picker">
        {live === 'all' || liveList.length === 0 ? (
          <option value="">{t('captures.source.liveNone')}</option>
        ) : (
          liveList.map((c) => (
            <option key={c.connectionId} value={c.connectionId} data-i18n-values={JSON.stringify([c.name])}>
              {t('captures.source.live', { name: c.name })}
            </option>
          ))
        )}
        {open.map((c) => (
          <option key={c.captureId} value={c.connectionId} data-i18n-values={JSON.stringify([c.name])}>
            {t('captures.source.capture', { name: c.name })}
          </option>
        ))}
      </select>
      {capture && <span className="muted">{t('captures.source.readOnly')}</span>}
    </label>
  );
}
