// A side sheet over the screen: a modal dialog with a kicker, a title and its bounds, a close
// button, and `children` below. It takes the focus when it opens and gives it back when it closes;
// Esc, the close button or a click on the backdrop closes it.
import { useEffect, useRef, type ReactNode } from 'react';

export type SheetProps = { titleId: string; testId: string; kicker: string; title: ReactNode; bounds: ReactNode; closeLabel: string; onClose: () => void; children: ReactNode };

export function Sheet({ titleId, testId, kicker, title, bounds, closeLabel, onClose, children }: SheetProps) {
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      previous?.focus();
    };
  }, [onClose]);

  return (
    <div className="sheet-backdrop" onClick={onClose}>
      <div ref={dialog} className="sheet" role="dialog" aria-modal="true" aria-labelledby={titleId} tabIndex={-1} data-testid={testId} onClick={(event) => event.stopPropagation()}>
        <header className="sheet-header">
          <div>
            <p className="sheet-kicker">{kicker}</p>
            <h2 id={titleId} className="sheet-title">
              {title}
            </h2>
            <p className="muted sheet-bounds">{bounds}</p>
          </div>
          <button type="button" className="button button-quiet sheet-close" onClick={onClose} aria-label={closeLabel}>
            ✕
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}
