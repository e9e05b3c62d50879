// Monaco's own words (find widget, context menu, screen-reader hints) in the UI language. Monaco reads them from
// a global when its modules load, so loadMonaco() (MonacoView.tsx) imports this chunk before ./setup; a language
// switch afterwards reaches the editors on the next start.
import 'monaco-editor/nls/lang/zh-cn';
import { getLocale } from '../i18n';

if (getLocale() !== 'zh-CN') delete (globalThis as { _VSCODE_NLS_MESSAGES?: unknown })._VSCODE_NLS_MESSAGES;
