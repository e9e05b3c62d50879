import { z } from 'zod';
import { method } from './define';

// Filled in by the captures work; kept as an empty record so the contract index stays stable.
void z;
void method;
export const capturesMethods = {};
export const capturesEvents = {};
