// Token lifecycle panel for one connection: every time-bound credential it uses, with live countdowns,
// the token service (apply / query / revoke), paste / remove / upload now, renewal policy and the timeline.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { TokenExchange, TokensOverview, TokenView } from '../../../../shared/contract/tokens.contract';
import { signatureAge, stsCountdown, timestampWindow } from '../../../../shared/tokens/credential-age';
import { MAX_TOKEN_RESOURCES, checkApplyDraft, parseResourceList } from '../../../../shared/tokens/token-limits';
import { deriveTokenState } from '../../../../shared/tokens/token-state';
import type { TokenType } from '../../../../shared/tokens/token-model';
import { api, call } from '../../api/client';
import { t, tOr, type MessageKey } from '../../i18n';
import { localCountdown, localDateTime, localTime } from '../../i18n/dates';
import { tWithData } from '../../i18n/rich';
import { stsWords, tokenStateWords, windowWords } from './credential-words';
import { downloadFile as download } from '../../lib/download';
import { useNow } from '../../lib/use-now';
import { addNotice } from '../../state/app-store';
import { applyReplaces, type Replacement } from './apply-replaces';
import './tokens.css';

type Timeline = Awaited<ReturnType<typeof loadTimeline>>;
const loadTimeline = (connectionId: string) => call('tokens.timeline', { connectionId });

function fail(e: unknown) {
  addNotice('error', t('tokens.error', { message: (e as Error).message }));
}

const time = localTime;
const connectionStateWords = (s: string | undefined) => (s === undefined ? '—' : tOr(`core.state.${s}`, s));
const dateTime = localDateTime;

export function TokensPanel({ connectionId }: { connectionId: string }) {
  const [overview, setOverview] = useState<TokensOverview | null>(null);
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exchange, setExchange] = useState<TokenExchange | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [o, tl] = await Promise.all([call('tokens.list', { connectionId }), loadTimeline(connectionId)]);
      setOverview(o);
      setTimeline(tl);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [connectionId]);

  useEffect(() => {
    void refresh();
    let pending: ReturnType<typeof setTimeout> | undefined;
    // Coalesce bursts of events (an upload makes several) into one re-read.
    const soon = () => {
      if (!pending) pending = setTimeout(() => ((pending = undefined), void refresh()), 100);
    };
    const offTokens = api.on('tokens.changed', (p) => {
      if (p.connectionId === connectionId || (overview && p.profileId === overview.profileId)) soon();
    });
    const offState = api.on('connections.state', (v) => {
      if (v.connectionId === connectionId) soon();
    });
    return () => {
      offTokens();
      offState();
      if (pending) clearTimeout(pending);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connectionId, refresh, overview?.profileId]);

  if (error && !overview)
    return (
      <p className="muted pad" data-testid="tokens-error">
        {error.includes('not known') ? t('tokens.unknownConnection') : error}
      </p>
    );
  if (!overview) return <p className="muted pad">{t('tokens.loading')}</p>;

  const isMq = overview.kind === 'aliyun-mq';
  return (
    <div className="tokens" data-panel="tokens" data-connection={connectionId}>
      <header className="tok-head">
        <h3>{t('tokens.title')}</h3>
        <span className="muted">
          {tWithData(
            'tokens.status',
            { profile: overview.profileName, kind: tOr(`core.kind.${overview.kind}`, overview.kind), status: connectionStateWords(overview.connectionStatus) },
            ['profile'],
          )}
        </span>
      </header>
      {overview.reconnectHeld && (
        <div className="tok-held" role="alert" data-testid="tokens-held">
          <strong>{t('tokens.held.title')}</strong>: {overview.reconnectHeld.reason}
          {overview.reconnectHeld.code !== undefined && <span className="muted"> ({t('tokens.held.code', { code: overview.reconnectHeld.code })})</span>}
          <div>{overview.reconnectHeld.explanation}</div>
        </div>
      )}
      {isMq && <MqTokens overview={overview} connectionId={connectionId} onExchange={setExchange} refresh={refresh} />}
      {isMq && <ApplyForm overview={overview} connectionId={connectionId} onExchange={setExchange} refresh={refresh} />}
      {isMq && exchange && <ExchangeView exchange={exchange} />}
      {isMq && <PasteForm overview={overview} refresh={refresh} />}
      {overview.amqp && <AmqpCredentials overview={overview} />}
      {overview.huawei && <HuaweiCredentials overview={overview} />}
      {!isMq && !overview.amqp && !overview.huawei && (
        <section>
          <h3>{t('tokens.none.title')}</h3>
          <p className="muted">{t('tokens.none.text')}</p>
        </section>
      )}
      {timeline && <TimelineView connectionId={connectionId} timeline={timeline} />}
    </div>
  );
}

interface SectionProps {
  overview: TokensOverview;
  connectionId: string;
  onExchange: (e: TokenExchange) => void;
  refresh: () => Promise<void>;
}

function MqTokens({ overview, connectionId, onExchange, refresh }: SectionProps) {
  const now = useNow(1000);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
      void refresh();
    }
  };
  const op = (kind: 'query' | 'revoke' | 'renew', type: TokenType) =>
    run(async () => {
      if (kind === 'revoke' && !window.confirm(t('tokens.confirm.revoke', { type }))) return;
      const r = await call(`tokens.${kind}`, { profileId: overview.profileId, type, connectionId });
      onExchange(r.exchange);
    });
  const remove = (type: TokenType) =>
    run(async () => {
      if (!window.confirm(t('tokens.confirm.remove', { type }))) return;
      await call('tokens.remove', { profileId: overview.profileId, type });
    });
  const uploadNow = () =>
    run(async () => {
      const r = await call('tokens.uploadNow', { connectionId });
      addNotice('info', t('tokens.uploaded', { count: r.uploads.filter((u) => u.ok).length }));
    });
  const setPolicy = (policy: 'auto' | 'ask' | 'off') => run(() => call('tokens.setPolicy', { profileId: overview.profileId, policy }));

  return (
    <section aria-labelledby="tok-mq">
      <h3 id="tok-mq">{t('tokens.mq.title')}</h3>
      {!overview.tokenMode && <p className="tok-note">{t('tokens.mq.signatureMode')}</p>}
      {overview.tokenMode && <p className="muted">{t('tokens.mq.gateNote')}</p>}
      {overview.asks.map((a) => (
        <div className="tok-ask" key={a.type} role="alert" data-testid="tokens-ask">
          <strong>{t('tokens.ask.title')}</strong>: {t('tokens.ask.text', { type: a.type, reason: a.reason })}{' '}
          <button type="button" className="primary" disabled={busy} onClick={() => void op('renew', a.type)}>
            {t('tokens.action.renew')}
          </button>
        </div>
      ))}
      {overview.tokens.length === 0 ? (
        <p className="muted">{t('tokens.mq.none')}</p>
      ) : (
        <table className="tok-table" data-testid="tokens-table">
          <thead>
            <tr>
              {(['type', 'token', 'source', 'scope', 'issued', 'expiry', 'upload', 'state', 'actions'] as const).map((c) => (
                <th key={c}>{t(`tokens.col.${c}` as MessageKey)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {overview.tokens.map((tok) => (
              <TokenRow key={tok.type} tok={tok} now={now} busy={busy} onOp={op} onRemove={remove} />
            ))}
          </tbody>
        </table>
      )}
      <div className="tok-row">
        <button
          type="button"
          disabled={busy || !overview.tokenMode || overview.connectionStatus !== 'connected' || overview.tokens.length === 0}
          onClick={() => void uploadNow()}
          data-testid="tokens-upload-now"
        >
          {t('tokens.action.uploadNow')}
        </button>
        <label className="field">
          <span className="label">{t('tokens.policy.label')}</span>
          <select value={overview.policy ?? 'auto'} onChange={(e) => void setPolicy(e.target.value as 'auto' | 'ask' | 'off')} data-testid="tokens-policy">
            <option value="auto">{t('tokens.policy.auto')}</option>
            <option value="ask">{t('tokens.policy.ask')}</option>
            <option value="off">{t('tokens.policy.off')}</option>
          </select>
        </label>
      </div>
    </section>
  );
}

function TokenRow(props: {
  tok: TokenView;
  now: number;
  busy: boolean;
  onOp: (k: 'query' | 'revoke' | 'renew', type: TokenType) => void;
  onRemove: (type: TokenType) => void;
}) {
  const { tok, now, busy } = props;
  // Re-derived every second so the countdown and "expiring" follow the clock between server updates.
  const s = deriveTokenState(tok, now);
  const words = tokenStateWords(tok, s);
  const up = tok.lastUpload;
  return (
    <tr data-testid={`token-${tok.type}`} data-state={s.state}>
      <td>
        <strong>{tok.type}</strong>
      </td>
      <td className="tok-mono" title={t('tokens.col.token')} data-i18n="data">
        {tok.masked}
      </td>
      <td>{t(tok.source === 'applied' ? 'tokens.source.applied' : 'tokens.source.pasted')}</td>
      <td className="tok-scope">
        {tok.resources.length ? <span data-i18n="data">{tok.resources.join(', ')}</span> : <span className="muted">{t('tokens.scope.unknown')}</span>}
        <div className="muted">{tok.actions.join(',')}</div>
      </td>
      <td>{tok.issuedAt !== undefined ? dateTime(tok.issuedAt) : '—'}</td>
      <td data-testid="token-expiry">
        {tok.expiresAt === undefined ? (
          <span className="muted">{t('tokens.expiry.unknown')}</span>
        ) : (
          <>
            {dateTime(tok.expiresAt)}
            <div className={`tok-countdown tok-${s.state}`} data-testid="token-countdown">
              {s.msLeft !== undefined && s.msLeft > 0
                ? t('tokens.expiry.in', { countdown: localCountdown(s.msLeft) })
                : t('tokens.expiry.ago', { countdown: localCountdown(s.msLeft ?? 0) })}
            </div>
          </>
        )}
      </td>
      <td data-testid="token-upload">
        {!up ? (
          <span className="muted">{t('tokens.upload.never')}</span>
        ) : up.ok ? (
          t('tokens.upload.ok', { time: time(up.at), latency: up.latencyMs ?? 0 })
        ) : (
          <span className="warn">{t('tokens.upload.failed', { time: time(up.at), error: up.error ?? '' })}</span>
        )}
      </td>
      <td>
        <span className={`tok-state tok-${s.state}`} data-testid="token-state">
          {t(`tokens.state.${s.state}` as MessageKey)}
        </span>
        <div>{words.words}</div>
        {words.action && <div className="muted">{words.action}</div>}
      </td>
      <td className="tok-buttons">
        <button type="button" disabled={busy} onClick={() => props.onOp('query', tok.type)}>
          {t('tokens.action.query')}
        </button>
        <button type="button" disabled={busy || tok.resources.length === 0} onClick={() => props.onOp('renew', tok.type)} data-testid="token-renew">
          {t('tokens.action.renew')}
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => props.onOp('revoke', tok.type)}>
          {t('tokens.action.revoke')}
        </button>
        <button type="button" disabled={busy} onClick={() => props.onRemove(tok.type)}>
          {t('tokens.action.remove')}
        </button>
      </td>
    </tr>
  );
}

function ApplyForm({ overview, connectionId, onExchange, refresh }: SectionProps) {
  const [resourcesText, setResourcesText] = useState('');
  const [read, setRead] = useState(true);
  const [write, setWrite] = useState(true);
  const [lifetime, setLifetime] = useState('3600');
  const [busy, setBusy] = useState(false);
  const resources = useMemo(() => parseResourceList(resourcesText), [resourcesText]);
  const actions = [read ? 'R' : '', write ? 'W' : ''].filter(Boolean) as Array<'R' | 'W'>;
  const lifetimeSec = Number(lifetime);
  const problems = checkApplyDraft({ resources, actions, lifetimeSec });
  const dirty = resourcesText.trim() !== '';
  // Applying replaces the held token of the same type (and its scope): ask before doing that.
  const [confirming, setConfirming] = useState<Replacement | null>(null);
  const request = () => {
    const replaces = applyReplaces(overview.tokens, { actions, resources }, Date.now());
    if (replaces) setConfirming(replaces);
    else void send();
  };
  const send = async () => {
    setConfirming(null);
    setBusy(true);
    try {
      const r = await call('tokens.apply', { profileId: overview.profileId, connectionId, resources, actions, lifetimeSec });
      onExchange(r.exchange);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
      void refresh();
    }
  };
  return (
    <section aria-labelledby="tok-apply">
      <h3 id="tok-apply">{t('tokens.apply.title')}</h3>
      <p className="muted">{t('tokens.apply.secretNote')}</p>
      {overview.secretKeySet === false && <p className="tok-note">{t('tokens.apply.secretMissing')}</p>}
      <label className="field">
        <span className="label">{t('tokens.apply.resources')}</span>
        <textarea rows={3} value={resourcesText} onChange={(e) => setResourcesText(e.target.value)} data-testid="apply-resources" />
        <span className={resources.length > MAX_TOKEN_RESOURCES ? 'warn' : 'muted'} data-testid="apply-count">
          {t('tokens.apply.count', { count: resources.length, max: MAX_TOKEN_RESOURCES })}
        </span>
      </label>
      <div className="tok-row">
        <span className="label">{t('tokens.apply.actions')}</span>
        <label>
          <input type="checkbox" checked={read} onChange={(e) => setRead(e.target.checked)} data-testid="apply-r" /> {t('tokens.apply.read')}
        </label>
        <label>
          <input type="checkbox" checked={write} onChange={(e) => setWrite(e.target.checked)} data-testid="apply-w" /> {t('tokens.apply.write')}
        </label>
        <label className="field">
          <span className="label">{t('tokens.apply.lifetime')}</span>
          <input type="number" min={60} value={lifetime} onChange={(e) => setLifetime(e.target.value)} data-testid="apply-lifetime" />
        </label>
        <button type="button" className="primary" disabled={busy || problems.length > 0 || confirming !== null} onClick={request} data-testid="apply-send">
          {t('tokens.apply.send')}
        </button>
      </div>
      {confirming && (
        <div className="tok-confirm" role="alertdialog" aria-labelledby="tok-confirm-title" data-testid="apply-confirm">
          <strong id="tok-confirm-title">{t('shell.tokens.replace.title', { type: confirming.type })}</strong>
          <p>{t('shell.tokens.replace.text', { type: confirming.type })}</p>
          {confirming.dropped.length > 0 && (
            <p className="warn" data-testid="apply-confirm-dropped">
              {t('shell.tokens.replace.dropped', { resources: confirming.dropped.join(', ') })}
            </p>
          )}
          {confirming.added.length > 0 && <p className="muted">{t('shell.tokens.replace.added', { resources: confirming.added.join(', ') })}</p>}
          <div className="tok-row">
            <button type="button" className="primary" onClick={() => void send()} data-testid="apply-confirm-replace">
              {t('shell.tokens.replace.confirm', { type: confirming.type })}
            </button>
            <button type="button" onClick={() => setConfirming(null)} data-testid="apply-confirm-cancel" autoFocus>
              {t('shell.tokens.replace.cancel')}
            </button>
          </div>
        </div>
      )}
      {dirty && problems.length > 0 && (
        <ul className="tok-problems" data-testid="apply-problems">
          {problems.map((p) => (
            <li key={p.field + p.message}>{p.message}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ExchangeView({ exchange }: { exchange: TokenExchange }) {
  const a = exchange.answer;
  return (
    <section aria-labelledby="tok-exchange" data-testid="tokens-exchange">
      <h3 id="tok-exchange">{t('tokens.exchange.title')}</h3>
      <div className="tok-mono">{t('tokens.exchange.url', { url: exchange.url })}</div>
      <h4>{t('tokens.exchange.form')}</h4>
      <table className="tok-form">
        <tbody>
          {Object.entries(exchange.form).map(([k, v]) => (
            <tr key={k}>
              <td className="muted">{k}</td>
              <td className="tok-mono">{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t('tokens.exchange.stringToSign')}</h4>
      <pre className="tok-mono tok-pre" data-testid="exchange-sts">
        {exchange.stringToSign}
      </pre>
      <h4>{t('tokens.exchange.answer')}</h4>
      <div className={a.success ? 'tok-ok' : 'tok-bad'} data-testid="exchange-answer">
        {t('tokens.exchange.answerLine', { status: a.httpStatus, code: a.code ?? '—', words: a.words })}
        {a.message && <span className="muted"> — {a.message}</span>}
      </div>
      {a.action && <div>{a.action}</div>}
      {exchange.detail && (
        <>
          <h4>{t('tokens.exchange.detail')}</h4>
          <pre className="tok-mono tok-pre">{exchange.detail}</pre>
        </>
      )}
    </section>
  );
}

function PasteForm({ overview, refresh }: { overview: TokensOverview; refresh: () => Promise<void> }) {
  const [type, setType] = useState<TokenType>('RW');
  const [token, setToken] = useState('');
  const [expires, setExpires] = useState('');
  const [resources, setResources] = useState('');
  const send = async () => {
    try {
      const expiresAt = expires ? new Date(expires).getTime() : undefined;
      await call('tokens.paste', { profileId: overview.profileId, type, token, expiresAt, resources: parseResourceList(resources) });
      setToken('');
    } catch (e) {
      fail(e);
    } finally {
      void refresh();
    }
  };
  return (
    <section aria-labelledby="tok-paste">
      <h3 id="tok-paste">{t('tokens.paste.title')}</h3>
      <div className="tok-row">
        <label className="field">
          <span className="label">{t('tokens.paste.type')}</span>
          <select value={type} onChange={(e) => setType(e.target.value as TokenType)}>
            <option value="R">R</option>
            <option value="W">W</option>
            <option value="RW">RW</option>
          </select>
        </label>
        <label className="field tok-grow">
          <span className="label">{t('tokens.paste.token')}</span>
          <input type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
        </label>
        <label className="field">
          <span className="label">{t('tokens.paste.expires')}</span>
          <input type="datetime-local" value={expires} onChange={(e) => setExpires(e.target.value)} />
        </label>
        <label className="field tok-grow">
          <span className="label">{t('tokens.paste.resources')}</span>
          <input value={resources} onChange={(e) => setResources(e.target.value)} />
        </label>
        <button type="button" disabled={!token.trim()} onClick={() => void send()}>
          {t('tokens.paste.send')}
        </button>
      </div>
    </section>
  );
}

function AmqpCredentials({ overview }: { overview: TokensOverview }) {
  const now = useNow(1000);
  const a = overview.amqp!;
  const sts = a.authMode === 'ststoken' ? stsCountdown(a.stsExpiresAt, now) : undefined;
  return (
    <section aria-labelledby="tok-amqp" data-testid="tokens-amqp">
      <h3 id="tok-amqp">{t('tokens.amqp.title')}</h3>
      {a.signedAt !== undefined ? (
        <div>{t('tokens.amqp.signedAt', { time: dateTime(a.signedAt), age: localCountdown(signatureAge(a.signedAt, now).ageMs) })}</div>
      ) : (
        <div className="muted">{t('tokens.amqp.notSigned')}</div>
      )}
      <div className="muted">{t('tokens.amqp.ageNote')}</div>
      {sts &&
        (a.stsExpiresAt !== undefined ? (
          <div className={`tok-${sts.state}`} data-testid="tokens-sts">
            {t('tokens.amqp.sts', { time: dateTime(a.stsExpiresAt), countdown: localCountdown(sts.msLeft ?? 0) })} — {stsWords(sts).words}
            {stsWords(sts).action && <div className="muted">{stsWords(sts).action}</div>}
          </div>
        ) : (
          <div className="muted">{t('tokens.amqp.stsUnknown')}</div>
        ))}
    </section>
  );
}

function HuaweiCredentials({ overview }: { overview: TokensOverview }) {
  const now = useNow(1000);
  const h = overview.huawei!;
  const [endpoint, setEndpoint] = useState('');
  const [busy, setBusy] = useState(false);
  const w = timestampWindow(h.clock?.offsetMs);
  const measure = async () => {
    setBusy(true);
    try {
      await call('tokens.measureClock', { profileId: overview.profileId, endpoint: endpoint.trim() || undefined });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="tok-huawei" data-testid="tokens-huawei">
      <h3 id="tok-huawei">{t('tokens.huawei.title')}</h3>
      {h.signedAt !== undefined ? (
        <div>{t('tokens.huawei.signedAt', { time: dateTime(h.signedAt), age: localCountdown(signatureAge(h.signedAt, now).ageMs) })}</div>
      ) : (
        <div className="muted">{t('tokens.huawei.notSigned')}</div>
      )}
      <div>{t('tokens.huawei.window')}</div>
      <div className={`tok-window tok-${w.state}`} data-testid="tokens-window">
        {windowWords(w).words}
        {windowWords(w).action && <div className="muted">{windowWords(w).action}</div>}
      </div>
      {h.clock && (
        <div className="muted">{t('tokens.huawei.measured', { time: dateTime(h.clock.measuredAt), endpoint: h.clock.endpoint, rtt: h.clock.rttMs })}</div>
      )}
      <div className="tok-row">
        <label className="field tok-grow">
          <span className="label">{t('tokens.huawei.endpoint')}</span>
          <input value={endpoint} onChange={(e) => setEndpoint(e.target.value)} placeholder="https://iotda.cn-north-4.myhuaweicloud.com" />
        </label>
        <button type="button" disabled={busy} onClick={() => void measure()}>
          {t('tokens.huawei.measure')}
        </button>
      </div>
    </section>
  );
}

/** An opened capture's recorded token events (`capture:<id>`): the timeline only, nothing to apply or upload. */
export function CaptureTokens({ connectionId }: { connectionId: string }) {
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadTimeline(connectionId).then(
      (tl) => {
        if (!live) return;
        setTimeline(tl);
        setError(null);
      },
      (e: Error) => {
        if (live) setError(e.message);
      },
    );
    return () => {
      live = false;
    };
  }, [connectionId]);
  return (
    <div className="tokens" data-panel="tokens" data-connection={connectionId}>
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      {timeline && timeline.events.length === 0 && <p className="muted">{t('captures.source.tokensNone')}</p>}
      {timeline && <TimelineView connectionId={connectionId} timeline={timeline} />}
    </div>
  );
}

/** Newest first; the backend keeps at most 2,000 events per connection, so a plain list stays small. */
function TimelineView({ connectionId, timeline }: { connectionId: string; timeline: Timeline }) {
  const exportAs = async (format: 'json' | 'csv') => {
    try {
      const r = await call('tokens.exportTimeline', { connectionId, format });
      download(r.text, r.fileName, r.mime);
    } catch (e) {
      fail(e);
    }
  };
  const events = [...timeline.events].reverse().slice(0, 500);
  return (
    <section aria-labelledby="tok-timeline">
      <div className="tok-row">
        <h3 id="tok-timeline" className="tok-grow">
          {t('tokens.timeline.title')}
        </h3>
        <button type="button" onClick={() => void exportAs('json')} data-testid="timeline-json">
          {t('tokens.timeline.json')}
        </button>
        <button type="button" onClick={() => void exportAs('csv')} data-testid="timeline-csv">
          {t('tokens.timeline.csv')}
        </button>
      </div>
      {timeline.dropped > 0 && <div className="muted">{t('tokens.timeline.dropped', { count: timeline.dropped })}</div>}
      {events.length === 0 ? (
        <p className="muted">{t('tokens.timeline.empty')}</p>
      ) : (
        <div className="tok-timeline">
          <table>
            <thead>
              <tr>
                <th>{t('tokens.timeline.time')}</th>
                <th>{t('tokens.timeline.kind')}</th>
                <th>{t('tokens.col.type')}</th>
                <th>{t('tokens.timeline.words')}</th>
              </tr>
            </thead>
            <tbody data-testid="timeline-rows">
              {events.map((e) => (
                <tr key={e.seq} data-kind={e.kind}>
                  <td className="tok-mono">{time(e.at)}</td>
                  <td>{tOr(`tokenWords.event.${e.kind}`, e.kind)}</td>
                  <td>{e.type ?? ''}</td>
                  {/* The service's own log line, exported as is with the timeline (like a protocol log summary). */}
                  <td data-i18n="data">{e.words}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
