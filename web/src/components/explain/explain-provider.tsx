import { lazy, Suspense, useCallback, useState, type ReactNode } from 'react';
import { ExplainContext } from './explain-context.js';
import type { ExplainTarget } from './explain-target.js';

const ExplainPanel = lazy(() => import('./explain-panel.js').then((m) => ({ default: m.ExplainPanel })));

/** One explain panel for the whole app; any figure opens it through useExplainer(). */
export function ExplainProvider({ workspaceId, children, locale }: { workspaceId: string | null; children: ReactNode; locale?: string }) {
  const [target, setTarget] = useState<ExplainTarget | null>(null);
  const open = useCallback((next: ExplainTarget) => setTarget(next), []);
  return (
    <ExplainContext.Provider value={open}>
      {children}
      {target && workspaceId && (
        <Suspense fallback={null}>
          <ExplainPanel workspaceId={workspaceId} target={target} locale={locale} onClose={() => setTarget(null)} />
        </Suspense>
      )}
    </ExplainContext.Provider>
  );
}
