// The "⋯" menu: a <details> that also closes on a click or tap outside it, on Escape, and once an item is chosen
// (a bare <details> stays open until its own summary is clicked again).
import { useEffect, useRef, type ReactNode } from 'react';
import { t } from '../i18n';

export function MoreMenu({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const close = () => {
      if (ref.current) ref.current.open = false;
    };
    const onDown = (e: PointerEvent) => {
      if (ref.current?.open && !ref.current.contains(e.target as Node)) close();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && ref.current?.open) {
        close();
        ref.current.querySelector('summary')?.focus();
      }
    };
    document.addEventListener('pointerdown', onDown, true);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      document.removeEventListener('keydown', onKey);
    };
  }, []);
  return (
    <details className="more" ref={ref} data-testid="more-menu">
      <summary aria-label={t('core.more')}>⋯</summary>
      <div
        className="menu"
        onClick={(e) => {
          if ((e.target as HTMLElement).closest('button') && ref.current) ref.current.open = false;
        }}
      >
        {children}
      </div>
    </details>
  );
}
