import { useEffect, useRef, useState } from 'react';

export type ChangeFlash = {
  /** Increments on every change, so a keyed element restarts its animation. */
  id: number;
  /** New minus old value; null when the unit (currency) changed too, as the difference means nothing. */
  delta: number | null;
};

/** Reports a change of `value` for `durationMs` after it happens; nothing on first render. */
export function useChangeFlash(value: number | undefined, unit: string | undefined, durationMs = 2400): ChangeFlash | null {
  const previous = useRef({ value, unit });
  const counter = useRef(0);
  const [flash, setFlash] = useState<ChangeFlash | null>(null);

  useEffect(() => {
    const before = previous.current;
    previous.current = { value, unit };
    if (before.value === undefined || value === undefined || before.value === value) return;
    counter.current += 1;
    setFlash({ id: counter.current, delta: before.unit === unit ? value - before.value : null });
    const timer = setTimeout(() => setFlash(null), durationMs);
    return () => clearTimeout(timer);
  }, [value, unit, durationMs]);

  return flash;
}
