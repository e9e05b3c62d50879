import type { MessageKey } from './en';
import { captures } from './zh-CN/captures';
import { core } from './zh-CN/core';
import { explain } from './zh-CN/explain';
import { inspector } from './zh-CN/inspector';
import { kinds } from './zh-CN/kinds';
import { language } from './zh-CN/language';
import { mqclient } from './zh-CN/mqclient';
import { presence } from './zh-CN/presence';
import { rocketmq } from './zh-CN/rocketmq';
import { rocketmqHttp } from './zh-CN/rocketmqHttp';
import { rocketmqViews } from './zh-CN/rocketmq-views';
import { sandbox } from './zh-CN/sandbox';
import { sandboxDevices } from './zh-CN/sandbox-devices';
import { session } from './zh-CN/session';
import { shell } from './zh-CN/shell';
import { tokenWords } from './zh-CN/token-words';
import { tokens } from './zh-CN/tokens';
import { vendors } from './zh-CN/vendors';
import { views } from './zh-CN/views';

// Simplified Chinese, one file per feature mirroring ./en (same keys). One entry a line, as in ./en.
export const zhCN: Record<MessageKey, string> = {
  ...core,
  ...captures,
  ...explain,
  ...inspector,
  ...kinds,
  ...language,
  ...mqclient,
  ...presence,
  ...rocketmq,
  ...rocketmqHttp,
  ...rocketmqViews,
  ...sandbox,
  ...sandboxDevices,
  ...session,
  ...shell,
  ...tokenWords,
  ...tokens,
  ...vendors,
  ...views,
};
