// Sandbox start/stop/reset and fault controls (owned by the sandbox work). Placeholder until it lands.
export function SandboxPanel() {
  return <div className="panel-placeholder" data-panel="sandbox" />;
}
