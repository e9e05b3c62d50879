import { captures } from './en/captures';
import { core } from './en/core';
import { presence } from './en/presence';
import { sandbox } from './en/sandbox';
import { sandboxDevices } from './en/sandbox-devices';
import { tokens } from './en/tokens';
import { vendors } from './en/vendors';
import { kinds } from './en/kinds';
import { explain } from './en/explain';

// Every UI string lives in these catalogues, one file per feature (Simplified Chinese will mirror them).
export const en = { ...core, ...presence, ...captures, ...tokens, ...sandbox, ...sandboxDevices, ...vendors, ...kinds, ...explain } as const;
export type MessageKey = keyof typeof en;
