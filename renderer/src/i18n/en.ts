import { captures } from './en/captures';
import { core } from './en/core';
import { explain } from './en/explain';
import { inspector } from './en/inspector';
import { kinds } from './en/kinds';
import { language } from './en/language';
import { mqclient } from './en/mqclient';
import { presence } from './en/presence';
import { rocketmq } from './en/rocketmq';
import { rocketmqHttp } from './en/rocketmqHttp';
import { rocketmqViews } from './en/rocketmq-views';
import { sandbox } from './en/sandbox';
import { sandboxDevices } from './en/sandbox-devices';
import { session } from './en/session';
import { shell } from './en/shell';
import { tokenWords } from './en/token-words';
import { tokens } from './en/tokens';
import { vendors } from './en/vendors';
import { views } from './en/views';

// Every UI string lives in these catalogues, one file per feature, mirrored by ./zh-CN. One entry a line:
// branches that add a catalogue each add a line (merged as a union, see .gitattributes).
export const en = {
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
} as const;
export type MessageKey = keyof typeof en;
