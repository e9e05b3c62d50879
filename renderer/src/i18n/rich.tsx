// t() for strings that carry data (a profile name, an OS string, field names): the data parts come back as
// elements marked data-i18n="data", so the zh-CN e2e scan can tell the UI words from the values they frame.
import { Fragment, type ReactNode } from 'react';
import { t, type MessageKey } from './index';

export function tWithData(key: MessageKey, vars: Record<string, string | number>, dataVars: readonly string[]): ReactNode {
  const plain = Object.fromEntries(Object.entries(vars).filter(([k]) => !dataVars.includes(k)));
  const text = t(key, plain);
  return text.split(/(\{\w+\})/).map((part, i) => {
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name && dataVars.includes(name) && name in vars)
      return (
        <span key={i} data-i18n="data">
          {String(vars[name])}
        </span>
      );
    return <Fragment key={i}>{part}</Fragment>;
  });
}
