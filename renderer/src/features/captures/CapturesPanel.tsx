// Captures: record connections, open captures and bundles, replay them, make support bundles.
import { useEffect, useMemo, useState } from 'react';
import type { BundlePreview, CaptureInfo, TimelineEntry } from '../../../../shared/contract/captures.contract';
import { call } from '../../api/client';
import { t, tOr, type MessageKey } from '../../i18n';
import { formatDateTimeMs } from '../../lib/format';
import { tWithData } from '../../i18n/rich';
import { useNow } from '../../lib/use-now';
import { addNotice, appStore, useApp } from '../../state/app-store';
import { useInspectorActions } from '../../state/inspector-store';
import { capturesStore, formatBytes, formatDuration, formatTime, putRecording, putReplay, refreshCaptures, startCaptures, useCaptures } from './captures-store';
import './captures.css';

function fail(e: unknown) {
  addNotice('error', t('captures.error', { message: (e as Error).message }));
}

function splitList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

export function CapturesPanel() {
  useEffect(() => startCaptures(), []);
  return (
    <div className="captures" data-panel="captures">
      <RecordSection />
      <OpenSection />
      <ReplaySection />
      <BundleSection />
      <CopySection />
    </div>
  );
}

function RecordSection() {
  const connections = useApp((s) => s.connections);
  const recordings = useCaptures((s) => s.recordings);
  const now = useNow(1000);
  const [gzip, setGzip] = useState(false);
  const [file, setFile] = useState('');
  const list = Object.values(connections);
  const start = async (connectionId: string) => {
    try {
      const st = await call('captures.startRecording', { connectionId, gzip, file: file.trim() || undefined });
      putRecording(st);
      setFile('');
    } catch (e) {
      fail(e);
    }
  };
  const stop = async (connectionId: string) => {
    try {
      const st = await call('captures.stopRecording', { connectionId });
      putRecording(st);
      addNotice('info', t('captures.record.stopped', { file: st.file, messages: st.messages, size: formatBytes(st.bytes) }));
      void refreshCaptures();
    } catch (e) {
      fail(e);
    }
  };
  const mark = async (connectionId: string) => {
    const label = window.prompt(t('captures.record.markPrompt'));
    if (label) await call('captures.mark', { connectionId, label }).catch(fail);
  };
  return (
    <section aria-labelledby="cap-record">
      <h3 id="cap-record">{t('captures.record.title')}</h3>
      {list.length === 0 && <p className="muted">{t('captures.record.none')}</p>}
      {list.length > 0 && (
        <div className="cap-row">
          <label className="field cap-grow">
            <span className="label">{t('captures.record.file')}</span>
            <input value={file} placeholder={t('captures.record.filePlaceholder')} onChange={(e) => setFile(e.target.value)} data-testid="record-file" />
          </label>
          <label>
            <input type="checkbox" checked={gzip} onChange={(e) => setGzip(e.target.checked)} /> {t('captures.record.gzip')}
          </label>
        </div>
      )}
      {list.map((c) => {
        const r = recordings[c.connectionId];
        const active = r?.active;
        return (
          <div className="cap-row" key={c.connectionId} data-connection={c.connectionId}>
            <span className="cap-grow">
              <strong data-i18n="data">{c.name}</strong> <span className="muted">({t(`core.state.${c.state.status}` as MessageKey)})</span>
            </span>
            {r && (
              <span className={active ? 'cap-rec' : 'muted'} data-testid="recording-status">
                {active ? '● ' : ''}
                {t('captures.record.status', {
                  messages: r.messages,
                  size: formatBytes(r.bytes),
                  duration: formatDuration((r.stoppedAt ?? now) - r.startedAt),
                })}
                {r.error && <span className="warn"> {r.error}</span>}
              </span>
            )}
            {r && (
              <span className="muted cap-mono" title={r.file}>
                {t('captures.record.to', { file: r.file.split(/[\\/]/).pop() ?? r.file })}
              </span>
            )}
            {active ? (
              <>
                <button type="button" onClick={() => void mark(c.connectionId)}>
                  {t('captures.record.mark')}
                </button>
                <button type="button" className="danger" onClick={() => void stop(c.connectionId)} data-testid="record-stop">
                  {t('captures.record.stop')}
                </button>
              </>
            ) : (
              <button type="button" className="primary" onClick={() => void start(c.connectionId)} data-testid="record-start">
                {t('captures.record.start')}
              </button>
            )}
          </div>
        );
      })}
    </section>
  );
}

function Warnings({ info }: { info: CaptureInfo }) {
  const shown = info.warnings.filter((w) => w.code !== 'no-end-record' || !info.bundle);
  if (!shown.length) return null;
  return (
    <div className="cap-warnings" role="status" data-testid="capture-warnings">
      {t('captures.open.warnings')}
      <ul>
        {shown.map((w, i) => (
          <li key={i}>{w.message}</li>
        ))}
      </ul>
    </div>
  );
}

function OpenSection() {
  const { setFilter } = useInspectorActions();
  const { open, files, folder, progress, timelineFor } = useCaptures((s) => s);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const openFile = async (file: string) => {
    setBusy(true);
    try {
      await call('captures.open', { file });
      await refreshCaptures();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const close = async (info: CaptureInfo) => {
    await call('captures.close', { captureId: info.captureId }).catch(fail);
    await call('messages.clear', { connectionId: info.connectionId }).catch(fail);
    await refreshCaptures();
  };
  const showInInspector = (info: CaptureInfo) => {
    setFilter({ connectionIds: [info.connectionId] });
    appStore.setState({ tab: 'inspector' });
  };
  const percent = progress && progress.totalBytes ? Math.round((progress.bytesRead / progress.totalBytes) * 100) : 0;
  return (
    <section aria-labelledby="cap-open">
      <h3 id="cap-open">{t('captures.open.title')}</h3>
      <form
        className="cap-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim()) void openFile(path.trim());
        }}
      >
        <label className="field cap-grow">
          <span className="label">{t('captures.open.path')}</span>
          <input value={path} onChange={(e) => setPath(e.target.value)} data-testid="open-path" />
        </label>
        <button type="submit" className="primary" disabled={busy || !path.trim()} data-testid="open-button">
          {t('captures.open.button')}
        </button>
      </form>
      {busy && progress && !progress.done && (
        <div>
          <progress max={100} value={percent} aria-label={t('captures.open.progress', { file: progress.file, percent, records: progress.records })} />
          <span className="muted">
            {t('captures.open.progress', { file: progress.file.split(/[\\/]/).pop() ?? '', percent, records: progress.records.toLocaleString() })}
          </span>
        </div>
      )}
      {open.length > 0 && <h3>{t('captures.open.opened')}</h3>}
      {open.map((c) => (
        <div key={c.captureId} data-capture={c.captureId} data-testid="open-capture">
          <div className="cap-row">
            <span className="cap-grow">
              <strong>{c.name}</strong> {c.bundle && <span className="muted">({t('captures.open.bundle')})</span>}
              <br />
              <span className="muted">
                {t('captures.open.info', {
                  messages: c.messages.toLocaleString(),
                  log: c.logLines,
                  token: c.tokenEvents,
                  presence: c.presenceEvents,
                  from: formatTime(c.firstAt),
                  to: formatTime(c.lastAt),
                })}
              </span>
              <br />
              <span className="muted">
                {tWithData('captures.open.meta', { appVersion: c.appVersion, os: c.os, created: formatTime(c.createdAt) }, ['os'])} ·{' '}
                {t('captures.open.openMs', { ms: c.openMs })}
              </span>
            </span>
            <button type="button" onClick={() => showInInspector(c)}>
              {t('captures.open.showInspector')}
            </button>
            <button type="button" onClick={() => capturesStore.setState({ timelineFor: timelineFor === c.captureId ? null : c.captureId })}>
              {t('captures.open.showTimeline')}
            </button>
            {c.bundle && <QuickSandboxReplay info={c} />}
            <button type="button" onClick={() => void close(c)}>
              {t('captures.open.close')}
            </button>
          </div>
          <Warnings info={c} />
          {timelineFor === c.captureId && <Timeline info={c} />}
        </div>
      ))}
      {files.length > 0 ? (
        <details>
          <summary className="muted">{t('captures.open.folder', { folder })}</summary>
          {files.map((f) => (
            <div className="cap-row" key={f.file}>
              <span className="cap-grow cap-mono" data-i18n="data">
                {f.name}
              </span>
              <span className="muted">
                {formatBytes(f.bytes)} · {formatTime(f.modifiedAt)}
              </span>
              <button type="button" onClick={() => void openFile(f.file)} disabled={busy}>
                {t('captures.open.openFile')}
              </button>
            </div>
          ))}
        </details>
      ) : (
        <p className="muted">{t('captures.open.noFiles')}</p>
      )}
    </section>
  );
}

const KINDS: TimelineEntry['type'][] = ['log', 'token', 'presence', 'mark', 'settle'];

function Timeline({ info }: { info: CaptureInfo }) {
  const [kinds, setKinds] = useState<TimelineEntry['type'][]>(['log', 'token', 'presence', 'mark']);
  const [data, setData] = useState<{ entries: TimelineEntry[]; total: number } | null>(null);
  useEffect(() => {
    call('captures.timeline', { captureId: info.captureId, kinds, offset: 0, limit: 2000 }).then(setData, fail);
  }, [info.captureId, kinds]);
  return (
    <div className="cap-timeline" data-testid="capture-timeline">
      <div className="cap-row">
        <span>{t('captures.timeline.kinds')}</span>
        {KINDS.map((k) => (
          <label key={k}>
            <input type="checkbox" checked={kinds.includes(k)} onChange={(e) => setKinds(e.target.checked ? [...kinds, k] : kinds.filter((x) => x !== k))} />{' '}
            {t(`captures.timeline.kind.${k}` as MessageKey)}
          </label>
        ))}
      </div>
      {data && data.total === 0 && <p className="muted">{t('captures.timeline.empty')}</p>}
      {data && data.total > 0 && (
        <>
          <table>
            <tbody>
              {data.entries.map((e, i) => (
                <tr key={i} data-kind={e.type}>
                  <td className="cap-mono">{formatDateTimeMs(e.at)}</td>
                  <td>{t(`captures.timeline.kind.${e.type}` as MessageKey)}</td>
                  <td>{e.dir === 'out' ? '→' : e.dir === 'in' ? '←' : (e.dir ?? '')}</td>
                  <td className="cap-mono" data-i18n="data">
                    {e.type === 'log' ? e.summary : e.type === 'mark' ? e.label : JSON.stringify(e.event ?? e.summary)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.total > data.entries.length && <p className="muted">{t('captures.timeline.more', { shown: data.entries.length, total: data.total })}</p>}
        </>
      )}
    </div>
  );
}

function QuickSandboxReplay({ info }: { info: CaptureInfo }) {
  const go = () => call('captures.replay', { captureId: info.captureId, target: { sandbox: true }, speed: 1 }).then((r) => putReplay(r), fail);
  return (
    <button type="button" className="primary" onClick={() => void go()} data-testid="replay-into-sandbox">
      {t('captures.replay.intoSandbox')}
    </button>
  );
}

function toEpoch(local: string): number | undefined {
  if (!local) return undefined;
  const ms = new Date(local).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

function ReplaySection() {
  const open = useCaptures((s) => s.open);
  const replays = useCaptures((s) => s.replays);
  const connections = useApp((s) => s.connections);
  const mqttConns = Object.values(connections).filter((c) => c.protocol === 'mqtt');
  const [captureId, setCaptureId] = useState('');
  const [target, setTarget] = useState('sandbox');
  const [speed, setSpeed] = useState('1');
  const [topics, setTopics] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [prefix, setPrefix] = useState('');
  const [regex, setRegex] = useState('');
  const [replacement, setReplacement] = useState('');
  const [keepRetain, setKeepRetain] = useState(false);
  const chosen = captureId || open[0]?.captureId || '';
  const speedNum = Number(speed);
  const speedOk = Number.isFinite(speedNum) && (speedNum === 0 || (speedNum >= 0.1 && speedNum <= 100));
  const start = async () => {
    try {
      const r = await call('captures.replay', {
        captureId: chosen,
        target: target === 'sandbox' ? { sandbox: true } : { connectionId: target },
        speed: speedNum,
        filter: { topics: splitList(topics), from: toEpoch(from), to: toEpoch(to) },
        rewrite: { prefix: prefix || undefined, regex: regex || undefined, replacement },
        keepRetain,
      });
      putReplay(r);
    } catch (e) {
      fail(e);
    }
  };
  const control = (replayId: string, action: 'pause' | 'resume' | 'stop') =>
    call('captures.replayControl', { replayId, action }).then((r) => putReplay(r), fail);
  const list = Object.values(replays).sort((a, b) => b.startedAt - a.startedAt);
  return (
    <section aria-labelledby="cap-replay">
      <h3 id="cap-replay">{t('captures.replay.title')}</h3>
      {open.length === 0 ? (
        <p className="muted">{t('captures.replay.none')}</p>
      ) : (
        <div className="cap-grid">
          <label className="field">
            <span className="label">{t('captures.replay.capture')}</span>
            <select value={chosen} onChange={(e) => setCaptureId(e.target.value)} data-testid="replay-capture">
              {open.map((c) => (
                <option key={c.captureId} value={c.captureId} data-i18n="data">
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="label">{t('captures.replay.target')}</span>
            <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="replay-target">
              <option value="sandbox">{t('captures.replay.sandbox')}</option>
              {mqttConns.map((c) => (
                <option key={c.connectionId} value={c.connectionId} data-i18n="data">
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="label">{t('captures.replay.speed')}</span>
            <input
              type="number"
              min={0}
              max={100}
              step={0.1}
              value={speed}
              aria-invalid={!speedOk}
              onChange={(e) => setSpeed(e.target.value)}
              data-testid="replay-speed"
            />
            {!speedOk && <span className="field-error">{t('captures.replay.badSpeed')}</span>}
          </label>
          <label className="field">
            <span className="label">{t('captures.replay.topics')}</span>
            <input value={topics} onChange={(e) => setTopics(e.target.value)} placeholder="a/#, b/+/c" />
          </label>
          <label className="field">
            <span className="label">{t('captures.replay.from')}</span>
            <input type="datetime-local" step={1} value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label className="field">
            <span className="label">{t('captures.replay.to')}</span>
            <input type="datetime-local" step={1} value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
          <label className="field">
            <span className="label">{t('captures.replay.prefix')}</span>
            <input value={prefix} onChange={(e) => setPrefix(e.target.value)} data-testid="replay-prefix" />
          </label>
          {/* One item: "replace <regex> with <text>" reads as a sentence and never breaks "with" onto its own row. */}
          <div className="field cap-rewrite" role="group" aria-labelledby="cap-rewrite-label">
            <span className="label" id="cap-rewrite-label">
              {t('captures.replay.regex')}
            </span>
            <span className="cap-rewrite-row">
              <input value={regex} onChange={(e) => setRegex(e.target.value)} aria-label={t('captures.replay.regex')} data-testid="replay-regex" />
              <span className="cap-with">{t('captures.replay.replacement')}</span>
              <input
                value={replacement}
                onChange={(e) => setReplacement(e.target.value)}
                aria-label={t('shell.replay.replacement')}
                data-testid="replay-replacement"
              />
            </span>
          </div>
          <label className="field check">
            <label>
              <input type="checkbox" checked={keepRetain} onChange={(e) => setKeepRetain(e.target.checked)} /> {t('captures.replay.keepRetain')}
            </label>
          </label>
          <button type="button" className="primary" disabled={!chosen || !speedOk} onClick={() => void start()} data-testid="replay-start">
            {t('captures.replay.start')}
          </button>
        </div>
      )}
      {list.map((r) => {
        const pct = r.total ? (r.sent / r.total) * 100 : r.span ? (r.position / r.span) * 100 : 0;
        const running = r.state === 'running' || r.state === 'paused';
        return (
          <div key={r.replayId} className="cap-row" data-testid="replay-status" data-state={r.state}>
            <span className="cap-grow">
              {r.target}:{' '}
              {t('captures.replay.progress', {
                state: r.state,
                sent: r.sent,
                total: r.total !== null ? ` / ${r.total}` : '',
                position: formatDuration(r.position),
                errors: r.errors ? t('captures.replay.errors', { errors: r.errors, last: r.lastError ?? '' }) : '',
              })}
              <progress max={100} value={Math.min(100, pct)} />
            </span>
            {running && r.state === 'running' && (
              <button type="button" onClick={() => void control(r.replayId, 'pause')}>
                {t('captures.replay.pause')}
              </button>
            )}
            {running && r.state === 'paused' && (
              <button type="button" onClick={() => void control(r.replayId, 'resume')}>
                {t('captures.replay.resume')}
              </button>
            )}
            {running && (
              <button type="button" className="danger" onClick={() => void control(r.replayId, 'stop')}>
                {t('captures.replay.stop')}
              </button>
            )}
          </div>
        );
      })}
    </section>
  );
}

function PreviewView({ p }: { p: BundlePreview }) {
  return (
    <div className="cap-preview" data-testid="bundle-preview">
      <strong>{t('captures.bundle.previewTitle')}</strong>
      <ul>
        <li>{tWithData('captures.bundle.p.versions', { appVersion: p.appVersion, os: p.os }, ['os'])}</li>
        <li>
          {tWithData(
            'captures.bundle.p.profile',
            { kind: p.profileKind ? tOr(`core.kind.${p.profileKind}`, p.profileKind) : '—', fields: p.profileFields.join(', ') || '—' },
            ['fields'],
          )}
        </li>
        <li>{t('captures.bundle.p.messages', { messages: p.messages, topics: p.topicCount, from: formatTime(p.from), to: formatTime(p.to) })}</li>
        {p.payloadsRewritten > 0 && <li>{t('captures.bundle.p.payloads', { count: p.payloadsRewritten })}</li>}
        <li>{t('captures.bundle.p.log', { log: p.logLines, token: p.tokenEvents, presence: p.presenceEvents, marks: p.marks })}</li>
        <li>{t('captures.bundle.p.secrets', { checked: p.secretsChecked, removed: p.secretsRemoved })}</li>
      </ul>
      <strong>{t('captures.bundle.p.pseudonyms')}</strong>
      {p.pseudonyms.length === 0 ? (
        <p className="muted">{t('captures.bundle.p.noPseudonyms')}</p>
      ) : (
        <ul>
          {p.pseudonyms.map((x) => (
            <li key={x.pseudonym} className="cap-mono">
              {tWithData('captures.bundle.p.pseudonym', { kind: x.kind, masked: x.masked, pseudonym: x.pseudonym, count: x.occurrences }, [
                'kind',
                'masked',
                'pseudonym',
              ])}
            </li>
          ))}
        </ul>
      )}
      {p.notPseudonymised.length > 0 && (
        <p className="warn">{tWithData('captures.bundle.p.clear', { list: p.notPseudonymised.map((x) => `${x.kind} ${x.masked}`).join(', ') }, ['list'])}</p>
      )}
      <details>
        <summary>{t('captures.bundle.p.topics')}</summary>
        <ul>
          {p.topics.map((x) => (
            <li key={x} className="cap-mono">
              {x}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

function BundleSection() {
  const open = useCaptures((s) => s.open);
  const [captureId, setCaptureId] = useState('');
  const [pseudonymise, setPseudonymise] = useState(true);
  const [includeLog, setIncludeLog] = useState(true);
  const [includeTimelines, setIncludeTimelines] = useState(true);
  const [extra, setExtra] = useState('');
  const [note, setNote] = useState('');
  const [file, setFile] = useState('');
  const [preview, setPreview] = useState<BundlePreview | null>(null);
  const chosen = captureId || open[0]?.captureId || '';
  const request = useMemo(
    () => ({ captureId: chosen, pseudonymise, includeLog, includeTimelines, extraIdentifiers: splitList(extra), note: note || undefined }),
    [chosen, pseudonymise, includeLog, includeTimelines, extra, note],
  );
  useEffect(() => setPreview(null), [request]);
  if (!open.length) return null;
  const doPreview = () => call('captures.bundlePreview', request).then(setPreview, fail);
  const save = () =>
    call('captures.createBundle', { ...request, file: file.trim() || undefined }).then((r) => {
      addNotice('info', t('captures.bundle.saved', { file: r.file, size: formatBytes(r.bytes) }));
      void refreshCaptures();
    }, fail);
  return (
    <section aria-labelledby="cap-bundle">
      <h3 id="cap-bundle">{t('captures.bundle.title')}</h3>
      <div className="cap-grid">
        <label className="field">
          <span className="label">{t('captures.replay.capture')}</span>
          <select value={chosen} onChange={(e) => setCaptureId(e.target.value)}>
            {open.map((c) => (
              <option key={c.captureId} value={c.captureId} data-i18n="data">
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="label">{t('captures.bundle.extra')}</span>
          <input value={extra} onChange={(e) => setExtra(e.target.value)} />
        </label>
        <label className="field">
          <span className="label">{t('captures.bundle.file')}</span>
          <input value={file} onChange={(e) => setFile(e.target.value)} />
        </label>
      </div>
      <div className="cap-row">
        <label>
          <input type="checkbox" checked={pseudonymise} onChange={(e) => setPseudonymise(e.target.checked)} /> {t('captures.bundle.pseudonymise')}
        </label>
      </div>
      <div className="cap-row">
        <label>
          <input type="checkbox" checked={includeLog} onChange={(e) => setIncludeLog(e.target.checked)} /> {t('captures.bundle.includeLog')}
        </label>
        <label>
          <input type="checkbox" checked={includeTimelines} onChange={(e) => setIncludeTimelines(e.target.checked)} /> {t('captures.bundle.includeTimelines')}
        </label>
      </div>
      <label className="field">
        <span className="label">{t('captures.bundle.note')}</span>
        <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <div className="cap-row">
        <button type="button" onClick={() => void doPreview()} data-testid="bundle-preview-button">
          {t('captures.bundle.preview')}
        </button>
        <button type="button" className="primary" disabled={!preview} onClick={() => void save()} data-testid="bundle-save">
          {t('captures.bundle.save')}
        </button>
      </div>
      {preview && <PreviewView p={preview} />}
    </section>
  );
}

function CopySection() {
  const [seq, setSeq] = useState('');
  const [out, setOut] = useState<{ command: string; binary: boolean } | null>(null);
  const make = async () => {
    try {
      const r = await call('captures.copyAsMosquittoPub', { seq: Number(seq) });
      setOut(r);
      await navigator.clipboard?.writeText(r.command).then(
        () => addNotice('info', t('captures.copy.copied')),
        () => undefined,
      );
    } catch (e) {
      fail(e);
    }
  };
  return (
    <section aria-labelledby="cap-copy">
      <h3 id="cap-copy">{t('captures.copy.title')}</h3>
      <div className="cap-row">
        <label className="field">
          <span className="label">{t('captures.copy.seq')}</span>
          <input type="number" min={0} value={seq} onChange={(e) => setSeq(e.target.value)} />
        </label>
        <button type="button" disabled={!seq} onClick={() => void make()}>
          {t('captures.copy.button')}
        </button>
      </div>
      {out && (
        <>
          <pre className="cap-mono">{out.command}</pre>
          {out.binary && <p className="muted">{t('captures.copy.binary')}</p>}
        </>
      )}
    </section>
  );
}
