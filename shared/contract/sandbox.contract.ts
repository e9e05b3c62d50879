import { z } from 'zod';
import { method } from './define';

// Filled in by the sandbox work; kept as an empty record so the contract index stays stable.
void z;
void method;
export const sandboxMethods = {};
export const sandboxEvents = {};
