import { z } from 'zod';
import { Empty, method } from './define';

/** 'system' follows the OS / browser language; the others pin a catalogue. */
export const UiLocaleChoice = z.enum(['system', 'en', 'zh-CN']);
export type UiLocaleChoice = z.infer<typeof UiLocaleChoice>;

/** UI preferences kept across restarts by the backend (not secrets: a plain JSON file in the data folder). */
/** 'system' follows the OS light/dark setting; the others pin a theme. */
export const UiThemeChoice = z.enum(['system', 'light', 'dark']);
export type UiThemeChoice = z.infer<typeof UiThemeChoice>;

export const UiPrefs = z.object({
  locale: UiLocaleChoice,
  theme: UiThemeChoice,
  /** The first-start welcome was closed: it is not shown again. */
  welcomeDismissed: z.boolean(),
});
export type UiPrefs = z.infer<typeof UiPrefs>;

export const prefsMethods = {
  'prefs.get': method(Empty, UiPrefs),
  /** Changes only the fields given; answers the whole preferences as stored. */
  'prefs.set': method(UiPrefs.partial().strict(), UiPrefs),
};

export const prefsEvents = {};
