import { z } from 'zod';
import { method } from './define';

// Filled in by the presence work; kept as an empty record so the contract index stays stable.
void z;
void method;
export const presenceMethods = {};
export const presenceEvents = {};
