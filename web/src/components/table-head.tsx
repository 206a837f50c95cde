// A table's header row from a list of columns: a plain label, or a label with a class (a numeric,
// right-aligned column) or an aria-label (an unlabelled column of actions). `false` leaves a column
// out, for columns shown only sometimes.
import type { ReactNode } from 'react';

export type Column = string | { label?: ReactNode; className?: string; ariaLabel?: string };

/** A right-aligned column of figures: `className` is the table's class for them ('num' or 'numeric'). */
export const numeric = (label: ReactNode, className: 'num' | 'numeric' = 'num'): Column => ({ label, className });

/** The last, unlabelled column that holds a row's buttons. */
export const ACTIONS_COLUMN: Column = { ariaLabel: 'Actions' };

/** `scope` is 'col' on every header cell, or null for none. */
export function TableHead({ columns, scope = 'col' }: { columns: readonly (Column | false)[]; scope?: 'col' | null }) {
  return (
    <thead>
      <tr>
        {columns.map((column, i) => {
          if (column === false) return null;
          const { label, className, ariaLabel }: Exclude<Column, string> = typeof column === 'string' ? { label: column } : column;
          return (
            <th key={i} scope={scope ?? undefined} className={className} aria-label={ariaLabel}>
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
