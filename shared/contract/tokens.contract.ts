import { z } from 'zod';
import { method } from './define';

// Filled in by the tokens work; kept as an empty record so the contract index stays stable.
void z;
void method;
export const tokensMethods = {};
export const tokensEvents = {};
