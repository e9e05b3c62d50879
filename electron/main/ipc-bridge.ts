// Channel names shared by main and preload. Kept tiny on purpose: one call channel, one event channel.
export const CALL_CHANNEL = 'fieldscope:call';
export const EVENT_CHANNEL = 'fieldscope:event';
