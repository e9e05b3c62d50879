import type { IConnackPacket, MqttClient } from 'mqtt';
import { isRetryableConnack, reconnectDelay, type ReconnectPolicyLike } from '../../../shared/mqtt/reconnect-backoff';
import { systemClock, type Clock, type ClockTimer } from '../core/clock';

/** One line for stderr and the capture's protocol log (logType as the app's driver writes it). */
export interface LinkEvent {
  logType: 'reconnect' | 'connect' | 'closed' | 'refused';
  summary: string;
}

export interface ReconnectHooks {
  policy: ReconnectPolicyLike;
  onEvent(e: LinkEvent): void;
  /** After every CONNACK following a loss (resubscribe when the session is gone). */
  onReconnected?(connack: IConnackPacket): void;
  /** The policy says stop (attempts exhausted, reconnect off, or a refusal retrying cannot fix). */
  onGiveUp(reason: string): void;
  /** Time and timers (tests drive a manual clock). */
  clock?: Clock;
  random?: () => number;
}

/**
 * Keeps an already connected mqtt.js client (created with reconnectPeriod 0) connected with the app's
 * reconnect policy: backoff with jitter from shared/mqtt/reconnect-backoff, every loss, failed attempt and
 * recovery announced (the CLI must never go quiet while it is not receiving), and a stop when the policy
 * says so. Returns a function that stops supervising (before a deliberate end()).
 */
export function superviseReconnect(client: Pick<MqttClient, 'on' | 'off' | 'reconnect'>, hooks: ReconnectHooks): () => void {
  const clock = hooks.clock ?? systemClock;
  const now = () => clock.now();
  let stopped = false;
  let attempt = 0;
  let lostAt: number | null = null;
  let lastError: (Error & { code?: string | number }) | null = null;
  let timer: ClockTimer | null = null;

  const onError = (err: Error & { code?: string | number }) => {
    lastError = err;
  };
  const onConnect = (connack: IConnackPacket) => {
    if (stopped || lostAt === null) return;
    const offlineS = ((now() - lostAt) / 1000).toFixed(1);
    hooks.onEvent({
      logType: 'connect',
      summary: `Reconnected after ${attempt} attempt${attempt === 1 ? '' : 's'} (${offlineS} s offline); session ${connack.sessionPresent ? 'kept by the broker' : 'not present (subscribing again)'}.`,
    });
    attempt = 0;
    lostAt = null;
    lastError = null;
    hooks.onReconnected?.(connack);
  };
  const onClose = () => {
    if (stopped || timer) return;
    const err = lastError;
    lastError = null;
    const reason = err ? err.message || String(err.code) : 'connection closed by the broker or the network';
    const refused = typeof err?.code === 'number' && /refused/i.test(err.message) ? err.code : null;
    if (refused !== null && !isRetryableConnack(refused)) {
      stop();
      hooks.onEvent({ logType: 'refused', summary: `Refused by the broker: ${reason}. Not retrying (the same credentials would be refused again).` });
      hooks.onGiveUp(`refused by the broker: ${reason}`);
      return;
    }
    const first = lostAt === null;
    if (lostAt === null) lostAt = now();
    attempt++;
    const delay = reconnectDelay(hooks.policy, attempt, (hooks.random ?? Math.random)());
    if (delay === null) {
      const why = hooks.policy.enabled ? `gave up after ${attempt - 1} reconnect attempts` : 'reconnecting is off';
      stop();
      const what = first ? `Connection lost (${reason})` : `Reconnect attempt ${attempt - 1} failed (${reason})`;
      hooks.onEvent({ logType: 'closed', summary: `${what}; ${why}.` });
      hooks.onGiveUp(`${what}; ${why}`);
      return;
    }
    const next = `reconnecting in ${(delay / 1000).toFixed(1)} s (attempt ${attempt})`;
    hooks.onEvent({
      logType: 'reconnect',
      summary: first ? `Connection lost (${reason}); ${next}.` : `Reconnect attempt ${attempt - 1} failed (${reason}); ${next}.`,
    });
    timer = clock.setTimeout(() => {
      timer = null;
      if (!stopped) client.reconnect();
    }, delay);
  };
  const stop = () => {
    stopped = true;
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };

  client.on('error', onError);
  client.on('connect', onConnect);
  client.on('close', onClose);
  return () => {
    stop();
    client.off('connect', onConnect);
    client.off('close', onClose);
    // The error listener stays: a late socket error must never become an uncaught exception.
  };
}
