// The demo's exchange rates for EVERY day, so that the Revenue screen's FX movement is a small
// figure each month instead of one jump on the days the half-yearly anchors change.
//
// DEMO_FX_RATES (src/core/fx.ts) holds seven half-yearly anchor days. Here: on an anchor day the
// anchor itself; between two anchors the straight line from one to the next plus a wiggle that
// vanishes on both anchors; before the first and after the last anchor a gentle drift around the
// nearest anchor (two sine waves with periods of their own per currency, within ±2%). The usd
// table (units of usd per unit of X) is computed first; off the anchor days the eur table is
// triangulated from it (x→eur = x→usd ÷ eur→usd, usd→eur = 1 ÷ eur→usd), as the anchors were.
// Every rate is rounded to 6 significant digits. Deterministic: only + − × ÷ on doubles (no
// Math.sin, whose last bit may differ between platforms), so the same day gives the same string.
import { DEMO_FX_RATES } from '../core/fx.js';
import { dayFromNumber, dayToNumber } from '../core/dates.js';
import type { Day, FxRate } from '../core/types.js';

export type DemoDailyRates = { usd: FxRate[]; eur: FxRate[] };

/** Per currency: two waves (amplitude, period in days, phase in turns) for the drift. */
const WAVES: Record<string, readonly [a1: number, p1: number, a2: number, p2: number, phase: number]> = {
  eur: [0.012, 173, 0.004, 61, 0.15],
  gbp: [0.011, 211, 0.004, 47, 0.4],
  jpy: [0.013, 137, 0.005, 53, 0.7],
  cad: [0.009, 191, 0.004, 67, 0.25],
  aud: [0.012, 157, 0.005, 41, 0.55],
  chf: [0.01, 229, 0.004, 71, 0.85],
  kwd: [0.003, 241, 0.001, 59, 0.35],
};
const DEFAULT_WAVE = [0.01, 181, 0.004, 57, 0.5] as const;
/** Between two anchors: the wiggle around the straight line, as a share of the drift's size. */
const BETWEEN_WIGGLE = 0.5;

const TWO_PI = 6.283185307179586;
const HALF_PI = 1.5707963267948966;
const PI = 3.141592653589793;

/** sin(x) from a Taylor polynomial after reducing x to [−π/2, π/2]; |error| < 1e-9. */
export function deterministicSine(x: number): number {
  let r = x - TWO_PI * Math.round(x / TWO_PI); // [−π, π]
  if (r > HALF_PI) r = PI - r;
  else if (r < -HALF_PI) r = -PI - r;
  const r2 = r * r;
  // r − r³/3! + r⁵/5! − … − r¹⁵/15!, in Horner form.
  return r * (1 + r2 * (-1 / 6 + r2 * (1 / 120 + r2 * (-1 / 5040 + r2 * (1 / 362880 + r2 * (-1 / 39916800 + r2 * (1 / 6227020800 - r2 / 1307674368000)))))));
}

/** The drift `days` away from an anchor (0 on the anchor itself), as a relative change. */
function drift(currency: string, days: number): number {
  const [a1, p1, a2, p2, phase] = WAVES[currency] ?? DEFAULT_WAVE;
  const second = (t: number) => a2 * deterministicSine(TWO_PI * (t / p2 + phase));
  return a1 * deterministicSine((TWO_PI * days) / p1) + second(days) - second(0);
}

/** A positive rate as a decimal string of 6 significant digits, never in exponent form. */
function formatRate(value: number): string {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`not a positive rate: ${value}`);
  const text = String(Number(value.toPrecision(6)));
  if (!text.includes('e')) return text;
  return value.toFixed(Math.min(20, 5 - Math.floor(Math.log10(value))));
}

type Anchor = { epochDay: number; text: string; value: number };

function anchorsByCurrency(rates: readonly FxRate[]): Map<string, Anchor[]> {
  const out = new Map<string, Anchor[]>();
  for (const r of rates) {
    const list = out.get(r.currency) ?? [];
    list.push({ epochDay: dayToNumber(r.day), text: r.rate, value: Number(r.rate) });
    out.set(r.currency, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.epochDay - b.epochDay);
  return out;
}

const USD_ANCHORS = anchorsByCurrency(DEMO_FX_RATES.usd);
const EUR_ANCHORS = anchorsByCurrency(DEMO_FX_RATES.eur);

/** The usd rate of `currency` on `epochDay`: the anchor's text on an anchor day, else a number. */
function usdRateOn(currency: string, anchors: readonly Anchor[], epochDay: number): Anchor {
  const first = anchors[0]!;
  const last = anchors[anchors.length - 1]!;
  if (epochDay <= first.epochDay || epochDay >= last.epochDay) {
    const from = epochDay <= first.epochDay ? first : last;
    if (epochDay === from.epochDay) return from;
    return { epochDay, text: '', value: from.value * (1 + drift(currency, epochDay - from.epochDay)) };
  }
  let i = 0;
  while (anchors[i + 1]!.epochDay <= epochDay) i += 1;
  const a = anchors[i]!;
  if (a.epochDay === epochDay) return a;
  const b = anchors[i + 1]!;
  const f = (epochDay - a.epochDay) / (b.epochDay - a.epochDay);
  const line = a.value + (b.value - a.value) * f;
  const [a1, p1] = WAVES[currency] ?? DEFAULT_WAVE;
  const wiggle = BETWEEN_WIGGLE * a1 * deterministicSine(PI * f) * deterministicSine((TWO_PI * (epochDay - a.epochDay)) / p1);
  return { epochDay, text: '', value: line * (1 + wiggle) };
}

/**
 * Daily demo rates from `from` to `to` (inclusive), into usd and into eur, for every currency
 * of DEMO_FX_RATES. Equal to DEMO_FX_RATES on its anchor days.
 */
export function demoDailyFxRates(from: Day, to: Day): DemoDailyRates {
  const start = dayToNumber(from);
  const end = dayToNumber(to);
  const usd: FxRate[] = [];
  const eur: FxRate[] = [];
  const eurAnchorOn = (currency: string, epochDay: number) => EUR_ANCHORS.get(currency)?.find((a) => a.epochDay === epochDay);
  for (let d = start; d <= end; d += 1) {
    const day = dayFromNumber(d);
    const byCurrency = new Map<string, number>();
    for (const [currency, anchors] of USD_ANCHORS) {
      const rate = usdRateOn(currency, anchors, d);
      byCurrency.set(currency, rate.text ? Number(rate.text) : rate.value);
      usd.push({ currency, day, rate: rate.text || formatRate(rate.value) });
    }
    const eurInUsd = byCurrency.get('eur')!;
    for (const currency of EUR_ANCHORS.keys()) {
      const anchor = eurAnchorOn(currency, d);
      const value = currency === 'usd' ? 1 / eurInUsd : byCurrency.get(currency)! / eurInUsd;
      eur.push({ currency, day, rate: anchor ? anchor.text : formatRate(value) });
    }
  }
  return { usd, eur };
}

/** The currencies each table holds (for checking what is stored). */
export const DEMO_FX_CURRENCIES: Readonly<Record<'usd' | 'eur', readonly string[]>> = {
  usd: [...USD_ANCHORS.keys()],
  eur: [...EUR_ANCHORS.keys()],
};
