// Captures / replay / support bundle panel (owned by the captures work). Placeholder until it lands.
export function CapturesPanel() {
  return <div className="panel-placeholder" data-panel="captures" />;
}
