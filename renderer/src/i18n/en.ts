import { captures } from './en/captures';
import { core } from './en/core';
import { language } from './en/language';
import { preconnect } from './en/preconnect';
import { presence } from './en/presence';
import { previewNotes } from './en/preview-notes';
import { sandbox } from './en/sandbox';
import { tokenWords } from './en/token-words';
import { tokens } from './en/tokens';
import { vendors } from './en/vendors';

// Every UI string lives in these catalogues, one file per feature (Simplified Chinese will mirror them).
export const en = { ...core, ...presence, ...captures, ...tokens, ...sandbox, ...vendors, ...language, ...tokenWords, ...preconnect, ...previewNotes } as const;
export type MessageKey = keyof typeof en;
