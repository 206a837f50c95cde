// A figure in a table that opens the explain panel: a button styled as the number itself, with a
// name that says what it is and what clicking does. Without a target it is plain text.
import type { ReactNode } from 'react';
import type { ExplainTarget } from '../../components/explain/explain-target.js';

export type OnExplain = (target: ExplainTarget) => void;

export function Figure({ children, target, onExplain, label, testId }: { children: ReactNode; target: ExplainTarget | null; onExplain?: OnExplain; label: string; testId?: string }) {
  if (!target || !onExplain) return <span data-testid={testId}>{children}</span>;
  return (
    <button type="button" className="figure-button" data-testid={testId} aria-label={`${label}: ${String(children)}. Explain this figure`} onClick={() => onExplain(target)}>
      {children}
    </button>
  );
}
