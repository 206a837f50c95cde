import { createContext, useContext } from 'react';
import type { ExplainTarget } from './explain-target.js';

export type Explainer = (target: ExplainTarget) => void;

export const ExplainContext = createContext<Explainer | null>(null);

/** Opens the explain panel for a figure: `const explain = useExplainer(); explain({ metric: 'mrr', … })`. */
export function useExplainer(): Explainer {
  const explain = useContext(ExplainContext);
  if (!explain) throw new Error('useExplainer needs an ExplainProvider above it (the shell has one)');
  return explain;
}
