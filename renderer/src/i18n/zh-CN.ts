import type { MessageKey } from './en';
import { captures } from './zh-CN/captures';
import { core } from './zh-CN/core';
import { language } from './zh-CN/language';
import { preconnect } from './zh-CN/preconnect';
import { presence } from './zh-CN/presence';
import { previewNotes } from './zh-CN/preview-notes';
import { sandbox } from './zh-CN/sandbox';
import { tokenWords } from './zh-CN/token-words';
import { tokens } from './zh-CN/tokens';
import { vendors } from './zh-CN/vendors';

// Simplified Chinese, one file per feature mirroring ./en (same keys). Typed complete: a key missing here fails
// the type-check, and i18n-parity.test.ts also catches keys that exist only in Chinese.
export const zhCN: Record<MessageKey, string> = { ...core, ...presence, ...captures, ...tokens, ...sandbox, ...vendors, ...language, ...tokenWords, ...preconnect, ...previewNotes };
