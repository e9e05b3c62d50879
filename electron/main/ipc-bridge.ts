// Channel names shared by main and preload. Kept tiny on purpose: one call channel, and one on which the page asks
// for its event port (events and answer-less calls then travel on that MessagePort).
export const CALL_CHANNEL = 'fieldscope:call';
export const PORT_CHANNEL = 'fieldscope:event-port';
