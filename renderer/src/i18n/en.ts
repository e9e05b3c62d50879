import { captures } from './en/captures';
import { core } from './en/core';
import { mqclient } from './en/mqclient';
import { presence } from './en/presence';
import { sandbox } from './en/sandbox';
import { session } from './en/session';
import { tokens } from './en/tokens';
import { vendors } from './en/vendors';
import { views } from './en/views';

// Every UI string lives in these catalogues, one file per feature, mirrored by ./zh-CN. One entry a line:
// branches that add a catalogue each add a line (merged as a union, see .gitattributes).
export const en = {
  ...core,
  ...captures,
  ...mqclient,
  ...presence,
  ...sandbox,
  ...session,
  ...tokens,
  ...vendors,
  ...views,
} as const;
export type MessageKey = keyof typeof en;
