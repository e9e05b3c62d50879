// Token lifecycle panel for one connection (owned by the tokens work). Placeholder until it lands.
export function TokensPanel(props: { connectionId: string }) {
  return <div className="panel-placeholder" data-panel="tokens" data-connection={props.connectionId} />;
}
