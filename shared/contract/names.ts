import { eventNames, methodNames } from './index';

// Re-exported on their own so the preload bundle stays small in intent (it still bundles the schemas).
export { eventNames, methodNames };
