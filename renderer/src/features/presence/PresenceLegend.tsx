// The presence legend, always in view (it used to sit in a collapsed section): lane colours, the marker shapes
// the painter draws (same shapes and colours, drawn as SVG), the late ring and the lane flags.
import { t, type MessageKey } from '../../i18n';
import type { FlagReason } from './flag-reasons';

const MARKERS: { key: MessageKey; color: string; shape: string }[] = [
  { key: 'presence.marker.connect', color: '#16a34a', shape: 'M5 1 L9 9 L1 9 Z' },
  { key: 'presence.marker.disconnect', color: '#d97706', shape: 'M1 1 L9 1 L5 9 Z' },
  { key: 'presence.marker.tcpclean', color: '#dc2626', shape: 'M2 2 H8 V8 H2 Z' },
  { key: 'presence.marker.status', color: '#2563eb', shape: 'M5 1.5 A3.5 3.5 0 1 1 4.99 1.5 Z' },
  { key: 'presence.marker.query', color: '#9333ea', shape: 'M5 0 L9 5 L5 10 L1 5 Z' },
];

function Glyph({ d, color, ring }: { d?: string; color: string; ring?: boolean }) {
  return (
    <svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true" className="legend-glyph">
      {ring ? <circle cx="5" cy="5" r="4" fill="none" stroke={color} strokeWidth="1.5" /> : <path d={d} fill={color} />}
    </svg>
  );
}

export function PresenceLegend() {
  return (
    <div className="presence-legend" role="note" aria-label={t('shell.presence.legend')} data-testid="presence-legend">
      <strong>{t('shell.presence.legend')}</strong>
      <span>
        <span className="legend-lane legend-online" aria-hidden="true" /> {t('presence.state.online')}
      </span>
      <span>
        <span className="legend-lane legend-offline" aria-hidden="true" /> {t('presence.state.offline')}
      </span>
      <span>
        <span className="legend-lane legend-unknown" aria-hidden="true" /> {t('shell.presence.unknown')}
      </span>
      {MARKERS.map((m) => (
        <span key={m.key}>
          <Glyph d={m.shape} color={m.color} /> {t(m.key)}
        </span>
      ))}
      <span>
        <Glyph ring color="#e11d48" /> {t('shell.presence.lateRing')}
      </span>
      <span>
        <span className="presence-flap" aria-hidden="true">
          ⚑
        </span>{' '}
        {t('presence.flag.flapping')}
      </span>
      <span>
        <span className="presence-dup" aria-hidden="true">
          ⧉
        </span>{' '}
        {t('shell.presence.duplicateLegend')}
      </span>
    </div>
  );
}

/** One flag reason in words. */
export function flagReasonText(r: FlagReason): string {
  return r.kind === 'flapping'
    ? t('shell.presence.why.flapping', { transitions: r.transitions, reconnects: r.reconnects, threshold: r.threshold, window: r.windowSec })
    : t('shell.presence.why.duplicate', { channels: r.channels });
}
