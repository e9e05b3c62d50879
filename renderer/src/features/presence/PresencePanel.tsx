// Presence timeline panel (owned by the presence work). Placeholder until it lands.
export function PresencePanel() {
  return <div className="panel-placeholder" data-panel="presence" />;
}
