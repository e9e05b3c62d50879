// A connection's state in words: connecting, connected, reconnecting in N s (attempt k), refused + why.
import { useEffect, useState } from 'react';
import { explanationText } from '../features/profiles/explain-text';
import type { ConnectionState } from '../../../shared/contract/connections.contract';
import { t, type MessageKey } from '../i18n';
import { secondsUntil } from '../lib/format';

export function StateBadge({ state, detailed = false }: { state: ConnectionState; detailed?: boolean }) {
  const [now, setNow] = useState(() => Date.now());
  const counting = state.status === 'reconnecting' && state.retryInMs != null;
  useEffect(() => {
    if (!counting) return;
    const id = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(id);
  }, [counting]);
  let text = t(`core.state.${state.status}` as MessageKey);
  if (counting) text = t('core.state.reconnectingIn', { seconds: secondsUntil(state.retryInMs!, Math.max(0, now - state.since)), attempt: state.attempt ?? 1 });
  else if (state.status === 'reconnecting' && state.attempt) text = t('core.state.reconnectingAttempt', { attempt: state.attempt });
  return (
    <span className={`state-badge state-${state.status}`} data-status={state.status} title={explanationText(state) ?? state.reason ?? undefined}>
      <span className="dot" aria-hidden="true" />
      {text}
      {detailed && state.reason && <span className="state-reason">: {state.reason}</span>}
    </span>
  );
}

/** The refusal/failure explanation block shown under a connection. */
export function StateExplanation({ state }: { state: ConnectionState }) {
  if (!state.reason && !state.explanation) return null;
  if (state.status === 'connected' || state.status === 'connecting') return null;
  return (
    <div className={`state-explanation ${state.status === 'refused' ? 'is-error' : ''}`} role="status" data-testid="connection-explanation">
      {state.reason && <div className="reason">{state.reason}</div>}
      {state.explanation && <div className="explanation">{explanationText(state)}</div>}
    </div>
  );
}
