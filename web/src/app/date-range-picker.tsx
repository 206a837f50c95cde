// The global date range and comparison controls. Both write to the URL (use-date-range.ts).
import { useState, type FormEvent } from 'react';
import { COMPARISONS, comparisonLabel, RANGE_PRESETS, type Comparison, type RangePreset } from './date-range.js';
import type { DateRangeState } from './use-date-range.js';

export function DateRangePicker({ state, today, locale }: { state: DateRangeState; today: string; locale?: string }) {
  const { range, compare } = state;
  const [custom, setCustom] = useState(range.preset === 'custom');
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const compareText = comparisonLabel(range, compare, locale);

  const onPreset = (value: string) => {
    if (value === 'custom') {
      setFrom(range.from);
      setTo(range.to);
      setCustom(true);
      return;
    }
    setCustom(false);
    state.setPreset(value as RangePreset);
  };
  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (from && to && from <= to) state.setCustom(from, to);
  };

  return (
    <div className="range-picker" data-testid="date-range">
      <label className="range-field">
        <span className="visually-hidden">Date range</span>
        <select value={custom ? 'custom' : range.preset} onChange={(e) => onPreset(e.target.value)} data-testid="range-preset" aria-label="Date range">
          {RANGE_PRESETS.map((p) => (
            <option key={p.key} value={p.key}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom range…</option>
        </select>
      </label>
      {custom && (
        <form className="range-custom" onSubmit={apply}>
          <input type="date" aria-label="From" value={from} max={to || today} onChange={(e) => setFrom(e.target.value)} required />
          <span aria-hidden="true">–</span>
          <input type="date" aria-label="To" value={to} min={from} max={today} onChange={(e) => setTo(e.target.value)} required />
          <button type="submit" className="button" disabled={!from || !to || from > to}>
            Apply
          </button>
        </form>
      )}
      <label className="range-field">
        <span className="visually-hidden">Compare with</span>
        <select value={compare} onChange={(e) => state.setCompare(e.target.value as Comparison)} data-testid="range-compare" aria-label="Compare with" title={compareText ?? undefined}>
          {COMPARISONS.map((c) => (
            <option key={c.key} value={c.key}>
              {c.key === 'none' ? 'No comparison' : `Compare: ${c.label.toLowerCase()}`}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
