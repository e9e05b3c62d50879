import { captures } from './en/captures';
import { core } from './en/core';
import { inspector } from './en/inspector';
import { presence } from './en/presence';
import { sandbox } from './en/sandbox';
import { tokens } from './en/tokens';
import { vendors } from './en/vendors';

// Every UI string lives in these catalogues, one file per feature (Simplified Chinese will mirror them).
export const en = { ...core, ...presence, ...captures, ...tokens, ...sandbox, ...vendors, ...inspector } as const;
export type MessageKey = keyof typeof en;
