// One monaco editor, loaded on first use so the shell starts without it. Read-only views and the
// publish editor both use this; the value is pushed in, never re-created per render.
import { useEffect, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor';

type MonacoModule = typeof Monaco;
let loading: Promise<MonacoModule> | null = null;
export function loadMonaco(): Promise<MonacoModule> {
  // Monaco's words (./nls) are a chunk of their own, evaluated before any monaco module reads them.
  loading ??= import('./nls').then(() => import('./setup')).then((m) => m.monaco);
  return loading;
}

export interface MonacoViewProps {
  value: string;
  language: string;
  readOnly?: boolean;
  onChange?: (value: string) => void;
  ariaLabel: string;
  testId?: string;
  /** Warnings underlined in the text (1-based line/column), e.g. numbers JavaScript would round. */
  marks?: ReadonlyArray<{ line: number; column: number; length: number; message: string }>;
}

export function MonacoView({ value, language, readOnly = true, onChange, ariaLabel, testId, marks }: MonacoViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const monacoRef = useRef<MonacoModule | null>(null);
  const changeRef = useRef(onChange);
  changeRef.current = onChange;
  const latest = useRef({ value, language });
  latest.current = { value, language };
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    let sub: Monaco.IDisposable | undefined;
    void loadMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      monacoRef.current = monaco;
      const model = monaco.editor.createModel(latest.current.value, latest.current.language);
      const ed = monaco.editor.create(host.current, {
        model,
        readOnly,
        automaticLayout: true,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        wordWrap: 'on',
        fontSize: 12,
        lineNumbersMinChars: 3,
        ariaLabel,
        renderLineHighlight: readOnly ? 'none' : 'line',
        fixedOverflowWidgets: true,
        // Read-only views carry warnings too (numbers JavaScript would round): monaco hides them by default.
        renderValidationDecorations: 'on',
        // Payloads are typed exactly as they will be sent: no inserted brackets or quotes.
        autoClosingBrackets: 'never',
        autoClosingQuotes: 'never',
        autoSurround: 'never',
      });
      editor.current = ed;
      setReady(true);
      sub = ed.onDidChangeModelContent(() => changeRef.current?.(ed.getValue()));
    });
    return () => {
      disposed = true;
      sub?.dispose();
      const ed = editor.current;
      if (ed) {
        ed.getModel()?.dispose();
        ed.dispose();
      }
      editor.current = null;
    };
    // The editor lives as long as the component; value/language changes are pushed below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const ed = editor.current;
    const monaco = monacoRef.current;
    if (!ed || !monaco) return;
    const model = ed.getModel();
    if (!model) return;
    // An editable editor owns its text: pushing the prop back would race the user's typing (the prop lags
    // a keystroke behind) and drop characters. Read-only views show whatever they are given.
    if (readOnly && model.getValue() !== value) model.setValue(value);
    if (model.getLanguageId() !== language) monaco.editor.setModelLanguage(model, language);
    monaco.editor.setModelMarkers(
      model,
      'fieldscope',
      (marks ?? []).map((m) => ({
        severity: monaco.MarkerSeverity.Warning,
        message: m.message,
        startLineNumber: m.line,
        startColumn: m.column,
        endLineNumber: m.line,
        endColumn: m.column + m.length,
      })),
    );
  }, [value, language, readOnly, marks, ready]);

  return <div className="monaco-host" ref={host} data-testid={testId} />;
}
