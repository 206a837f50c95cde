// The global date range of the dashboard, from the URL (see date-range.ts). Every screen reads
// it here; the picker in the shell writes it. Changing it replaces the history entry's query so
// the back button leaves the screen rather than stepping through every tweak.
import { useMemo } from 'react';
import type { Day } from '../lib/calendar.js';
import { utcDay } from '../lib/calendar.js';
import { parseRangeSelection, rangeParams, type Comparison, type DateRange, type RangePreset, type RangeSelection } from './date-range.js';
import { updateSearch, useLocation } from './navigation.js';

export type DateRangeState = RangeSelection & {
  setPreset: (preset: RangePreset) => void;
  setCustom: (from: Day, to: Day) => void;
  setCompare: (compare: Comparison) => void;
};

export function useDateRange(today: Day = utcDay(new Date())): DateRangeState {
  const { search } = useLocation();
  const selection = useMemo(() => parseRangeSelection(search, today), [search, today]);
  return useMemo(() => {
    const write = (range: Pick<DateRange, 'preset'> & { from?: Day; to?: Day }, compare: Comparison) =>
      updateSearch(rangeParams({ ...range, compare }), { replace: true });
    return {
      ...selection,
      setPreset: (preset) => write({ preset }, selection.compare),
      setCustom: (from, to) => write({ preset: 'custom', from, to }, selection.compare),
      setCompare: (compare) => write(selection.range, compare),
    };
  }, [selection]);
}
