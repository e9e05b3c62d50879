import { z } from 'zod';
import { Empty, method } from './define';

/** 'system' follows the OS / browser language; the others pin a catalogue. */
export const UiLocaleChoice = z.enum(['system', 'en', 'zh-CN']);
export type UiLocaleChoice = z.infer<typeof UiLocaleChoice>;

/** UI preferences kept across restarts by the backend (not secrets: a plain JSON file in the data folder). */
export const UiPrefs = z.object({
  locale: UiLocaleChoice,
});
export type UiPrefs = z.infer<typeof UiPrefs>;

export const prefsMethods = {
  'prefs.get': method(Empty, UiPrefs),
  /** Changes only the fields given; answers the whole preferences as stored. */
  'prefs.set': method(UiPrefs.partial().strict(), UiPrefs),
};

export const prefsEvents = {};
