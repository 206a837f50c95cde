// The filter controls: status, plan, MRR range (in the reporting currency), currency, country,
// signup dates, health band and churn risk. Each change applies at once (text fields on blur or Enter), so the URL, the
// table and the chips above stay one state.
import { useState, type FormEvent } from 'react';
import { currencyExponent } from '../../lib/currency.js';
import { moneyInputValue, parseMoneyInput, STATUS_LABELS, type CustomerFilters } from './filters.js';
import { CUSTOMER_STATUSES, HEALTH_BANDS, type CustomerStatus, type HealthBand } from '@read/customers/contract.js';
import { BAND_LABELS } from '../success/success-view.js';

/** The churn-risk choices: a lower bound on the probability. */
export const RISK_CHOICES = [
  { value: '0.15', label: '15% or more' },
  { value: '0.4', label: '40% or more' },
  { value: '0.5', label: '50% or more' },
  { value: '0.7', label: '70% or more' },
] as const;

type Props = {
  filters: CustomerFilters;
  onChange: (filters: CustomerFilters) => void;
  plans: { id: string; name: string }[];
  currencies: string[];
  reportingCurrency: string;
};

function set<K extends keyof CustomerFilters>(filters: CustomerFilters, key: K, value: CustomerFilters[K] | undefined): CustomerFilters {
  const next = { ...filters };
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete next[key];
  else next[key] = value;
  return next;
}

export function FilterPanel({ filters, onChange, plans, currencies, reportingCurrency }: Props) {
  const exponent = currencyExponent(reportingCurrency);
  const [mrrError, setMrrError] = useState<string | null>(null);
  const toggleStatus = (status: CustomerStatus, on: boolean) => {
    const current = new Set(filters.status ?? []);
    if (on) current.add(status);
    else current.delete(status);
    onChange(set(filters, 'status', CUSTOMER_STATUSES.filter((s) => current.has(s))));
  };
  const applyMrr = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const min = parseMoneyInput(String(form.get('mrrMin') ?? ''), exponent);
    const max = parseMoneyInput(String(form.get('mrrMax') ?? ''), exponent);
    if (min === 'invalid' || max === 'invalid') return setMrrError(`Amounts in ${reportingCurrency.toUpperCase()}, like 1250 or 1250.50.`);
    if (min !== null && max !== null && min > max) return setMrrError('The minimum is above the maximum.');
    setMrrError(null);
    onChange(set(set(filters, 'mrrMin', min ?? undefined), 'mrrMax', max ?? undefined));
  };
  const toggleBand = (band: HealthBand, on: boolean) => {
    const current = new Set(filters.health ?? []);
    if (on) current.add(band);
    else current.delete(band);
    onChange(set(filters, 'health', HEALTH_BANDS.filter((b) => current.has(b))));
  };
  const riskShown = filters.riskMin !== undefined && !RISK_CHOICES.some((c) => Number(c.value) === filters.riskMin) ? [...RISK_CHOICES, { value: String(filters.riskMin), label: `${Math.round(filters.riskMin * 100)}% or more` }] : RISK_CHOICES;
  const plansShown = filters.plan && !plans.some((p) => p.id === filters.plan) ? [...plans, { id: filters.plan, name: filters.plan }] : plans;
  const currenciesShown = filters.currency && !currencies.includes(filters.currency) ? [...currencies, filters.currency] : currencies;

  return (
    <div className="filter-panel" data-testid="filter-panel">
      <fieldset className="filter-group">
        <legend>Status</legend>
        <div className="filter-checks">
          {CUSTOMER_STATUSES.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" checked={filters.status?.includes(s) ?? false} onChange={(e) => toggleStatus(s, e.target.checked)} data-testid={`filter-status-${s}`} />
              {STATUS_LABELS[s]}
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="filter-group">
        <legend>Health</legend>
        <div className="filter-checks">
          {HEALTH_BANDS.map((b) => (
            <label key={b} className="check">
              <input type="checkbox" checked={filters.health?.includes(b) ?? false} onChange={(e) => toggleBand(b, e.target.checked)} data-testid={`filter-health-${b}`} />
              {BAND_LABELS[b]}
            </label>
          ))}
        </div>
      </fieldset>

      <label className="field filter-field">
        <span>Churn risk</span>
        <select value={filters.riskMin === undefined ? '' : String(filters.riskMin)} onChange={(e) => onChange(set(filters, 'riskMin', e.target.value === '' ? undefined : Number(e.target.value)))} data-testid="filter-risk">
          <option value="">Any risk</option>
          {riskShown.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </label>

      <label className="field filter-field">
        <span>Plan</span>
        <select value={filters.plan ?? ''} onChange={(e) => onChange(set(filters, 'plan', e.target.value))} data-testid="filter-plan">
          <option value="">Any plan</option>
          {plansShown.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>

      <label className="field filter-field filter-narrow">
        <span>Currency</span>
        <select value={filters.currency ?? ''} onChange={(e) => onChange(set(filters, 'currency', e.target.value))} data-testid="filter-currency">
          <option value="">Any</option>
          {currenciesShown.map((c) => (
            <option key={c} value={c}>
              {c.toUpperCase()}
            </option>
          ))}
        </select>
      </label>

      <label className="field filter-field filter-narrow">
        <span>Country</span>
        <input
          key={filters.country ?? ''}
          defaultValue={filters.country ?? ''}
          placeholder="e.g. DE"
          maxLength={2}
          pattern="[A-Za-z]{2}"
          title="Two-letter country code"
          autoComplete="off"
          onBlur={(e) => onChange(set(filters, 'country', /^[A-Za-z]{2}$/.test(e.target.value) ? e.target.value.toUpperCase() : undefined))}
          onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
          data-testid="filter-country"
        />
      </label>

      <form className="filter-mrr" onSubmit={applyMrr} key={`${filters.mrrMin}-${filters.mrrMax}`}>
        <label className="field filter-field filter-narrow">
          <span>MRR from ({reportingCurrency.toUpperCase()})</span>
          <input name="mrrMin" inputMode="decimal" defaultValue={moneyInputValue(filters.mrrMin, exponent)} placeholder="0" data-testid="filter-mrr-min" />
        </label>
        <label className="field filter-field filter-narrow">
          <span>to</span>
          <input name="mrrMax" inputMode="decimal" defaultValue={moneyInputValue(filters.mrrMax, exponent)} placeholder="any" data-testid="filter-mrr-max" />
        </label>
        <button type="submit" className="button" data-testid="filter-mrr-apply">
          Apply
        </button>
        {mrrError && (
          <p className="form-error filter-error" role="alert">
            {mrrError}
          </p>
        )}
      </form>

      <label className="field filter-field filter-narrow">
        <span>Signed up from</span>
        <input type="date" value={filters.signupFrom ?? ''} max={filters.signupTo} onChange={(e) => onChange(set(filters, 'signupFrom', e.target.value))} data-testid="filter-signup-from" />
      </label>
      <label className="field filter-field filter-narrow">
        <span>until</span>
        <input type="date" value={filters.signupTo ?? ''} min={filters.signupFrom} onChange={(e) => onChange(set(filters, 'signupTo', e.target.value))} data-testid="filter-signup-to" />
      </label>
    </div>
  );
}
