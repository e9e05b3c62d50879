import type { MessageKey } from './en';
import { captures } from './zh-CN/captures';
import { core } from './zh-CN/core';
import { presence } from './zh-CN/presence';
import { sandbox } from './zh-CN/sandbox';
import { sandboxDevices } from './zh-CN/sandbox-devices';
import { tokens } from './zh-CN/tokens';
import { vendors } from './zh-CN/vendors';
import { kinds } from './zh-CN/kinds';
import { explain } from './zh-CN/explain';

// Simplified Chinese, one file per feature mirroring ./en (same keys).
export const zhCN: Partial<Record<MessageKey, string>> = { ...core, ...presence, ...captures, ...tokens, ...sandbox, ...sandboxDevices, ...vendors, ...kinds, ...explain };
