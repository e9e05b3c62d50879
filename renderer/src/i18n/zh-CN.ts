import type { MessageKey } from './en';
import { captures } from './zh-CN/captures';
import { core } from './zh-CN/core';
import { inspector } from './zh-CN/inspector';
import { presence } from './zh-CN/presence';
import { sandbox } from './zh-CN/sandbox';
import { tokens } from './zh-CN/tokens';
import { vendors } from './zh-CN/vendors';

// Simplified Chinese, one file per feature mirroring ./en (same keys).
export const zhCN: Partial<Record<MessageKey, string>> = { ...core, ...presence, ...captures, ...tokens, ...sandbox, ...vendors, ...inspector };
