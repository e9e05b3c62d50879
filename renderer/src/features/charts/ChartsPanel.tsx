// Numeric fields over time: each series is a topic filter and a value path, its points extracted in main
// (history once, then live); uPlot draws on canvas, drag to zoom, double-click to reset, PNG/CSV export.
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { call } from '../../api/client';
import { t } from '../../i18n';
import { addNotice, useApp } from '../../state/app-store';
import { alignSeries, appendPoints, toCsv, type SeriesPoints } from './chart-data';

const POLL_MS = 500;
const COLORS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];

interface Series {
  id: string;
  label: string;
  points: SeriesPoints & { total: number };
}

export function ChartsPanel() {
  const connectionId = useApp((s) => s.selectedConnectionId);
  const [filter, setFilter] = useState('');
  const [path, setPath] = useState('');
  const [onlySelected, setOnlySelected] = useState(false);
  const [series, setSeries] = useState<Series[]>([]);
  const [follow, setFollow] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const seriesRef = useRef<Series[]>([]);
  seriesRef.current = series;

  // New points for every series, twice a second.
  useEffect(() => {
    if (series.length === 0) return;
    let stop = false;
    const timer = setInterval(() => {
      void Promise.all(seriesRef.current.map((s) => call('charts.points', { seriesId: s.id, since: s.points.total }).then((r) => ({ id: s.id, r }))))
        .then((replies) => {
          if (stop) return;
          if (replies.every(({ r }, i) => r.total === seriesRef.current[i]?.points.total)) return;
          setSeries((cur) =>
            cur.map((s) => {
              const reply = replies.find((x) => x.id === s.id)?.r;
              return reply ? { ...s, points: appendPoints(s.points, reply) } : s;
            }),
          );
        })
        .catch((e: Error) => setError(e.message));
    }, POLL_MS);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [series.length]);

  // The plot is rebuilt when series come or go, and fed new data otherwise.
  useEffect(() => {
    if (!host.current) return;
    plot.current?.destroy();
    plot.current = null;
    if (series.length === 0) return;
    const opts: uPlot.Options = {
      width: host.current.clientWidth || 800,
      height: 360,
      series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: true, points: { show: false } }))],
      scales: { x: { time: true } },
      cursor: { drag: { x: true, y: false } },
      hooks: { setSelect: [() => setFollow(false)] },
    };
    plot.current = new uPlot(opts, alignSeries(series.map((s) => s.points)) as uPlot.AlignedData, host.current);
    const resize = new ResizeObserver(() => plot.current?.setSize({ width: host.current?.clientWidth || 800, height: 360 }));
    resize.observe(host.current);
    return () => resize.disconnect();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [series.map((s) => s.id).join(',')]);
  useEffect(() => {
    // While not following, keep the user's zoom: setData(…, false) does not reset the scales.
    plot.current?.setData(alignSeries(series.map((s) => s.points)) as uPlot.AlignedData, follow);
  }, [series, follow]);
  useEffect(
    () => () => {
      plot.current?.destroy();
      for (const s of seriesRef.current) void call('charts.close', { seriesId: s.id });
    },
    [],
  );

  const add = async () => {
    setError(null);
    try {
      const r = await call('charts.open', { topicFilter: filter, path, ...(onlySelected && connectionId ? { connectionId } : {}) });
      const first = await call('charts.points', { seriesId: r.seriesId, since: 0 });
      const label = path ? `${filter} ${path}` : filter;
      setSeries((cur) => [...cur, { id: r.seriesId, label, points: appendPoints({ times: [], values: [], total: 0 }, first) }]);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const remove = (id: string) => {
    void call('charts.close', { seriesId: id });
    setSeries((cur) => cur.filter((s) => s.id !== id));
  };
  const exportPng = () => {
    const canvas = host.current?.querySelector('canvas');
    if (!canvas) return;
    download('fieldscope-chart.png', canvas.toDataURL('image/png'));
  };
  const exportCsv = () => {
    const csv = toCsv(
      series.map((s) => s.label),
      alignSeries(series.map((s) => s.points)),
    );
    download('fieldscope-chart.csv', URL.createObjectURL(new Blob([csv], { type: 'text/csv' })));
  };

  return (
    <div className="charts pad">
      <form
        className="publish-row"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <input
          className="grow"
          aria-label={t('views.chart.topicFilter')}
          placeholder={t('views.chart.topicFilter')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          spellCheck={false}
        />
        <input
          aria-label={t('views.chart.path')}
          placeholder={t('views.chart.pathPlaceholder')}
          value={path}
          onChange={(e) => setPath(e.target.value)}
          spellCheck={false}
        />
        <label className="toggle">
          <input type="checkbox" checked={onlySelected} onChange={(e) => setOnlySelected(e.target.checked)} /> {t('views.chart.onlySelected')}
        </label>
        <button type="submit" className="primary" disabled={!filter}>
          {t('views.chart.add')}
        </button>
      </form>
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      {series.length === 0 ? (
        <p className="muted">{t('views.chart.empty')}</p>
      ) : (
        <>
          <div className="publish-row" role="toolbar" aria-label={t('views.chart.tools')}>
            {series.map((s, i) => (
              <span key={s.id} className="chip" style={{ borderColor: COLORS[i % COLORS.length] }} data-testid="chart-series">
                {s.label} · {t('views.chart.points', { count: s.points.times.length })}
                <button type="button" className="link" aria-label={t('views.chart.remove', { label: s.label })} onClick={() => remove(s.id)}>
                  ×
                </button>
              </span>
            ))}
            <label className="toggle">
              <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> {t('views.chart.follow')}
            </label>
            <button type="button" onClick={exportPng}>
              {t('views.chart.png')}
            </button>
            <button type="button" onClick={exportCsv}>
              {t('views.chart.csv')}
            </button>
          </div>
          <p className="muted">{t('views.chart.zoomHint')}</p>
        </>
      )}
      <div ref={host} className="chart-host" data-testid="chart" />
    </div>
  );
}

function download(name: string, url: string) {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  if (url.startsWith('blob:')) setTimeout(() => URL.revokeObjectURL(url), 10_000);
  addNotice('info', t('views.chart.exported', { name }));
}
