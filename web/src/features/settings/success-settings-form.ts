// The "Customer success" settings form's rules, checked as the person types (the server checks
// the same: src/core/success-settings.ts): weights are whole percentages summing to 100, the bands
// are in order, milestones have unique keys made from their labels. Pure.
import type { SuccessSettingsShape } from '@read/health/contract.js';
import { HEALTH_COMPONENT_NAMES, type HealthComponentName } from '@read/health/contract.js';

export const COMPONENT_LABELS: Readonly<Record<HealthComponentName, string>> = {
  usage: 'Usage',
  engagement: 'Engagement',
  support: 'Support',
  payment: 'Payment',
  adoption: 'Feature adoption',
};

/** Weights as typed (text), so a half-typed number is not lost. */
export type WeightInputs = Record<HealthComponentName, string>;

export function weightInputs(weights: SuccessSettingsShape['weights']): WeightInputs {
  return Object.fromEntries(HEALTH_COMPONENT_NAMES.map((n) => [n, String(weights[n])])) as WeightInputs;
}

export type Problem = { path: string; message: string };

/** The weights as numbers, or the problems: each a whole number 0–100, together exactly 100. */
export function parseWeights(inputs: WeightInputs): { weights: SuccessSettingsShape['weights'] | null; sum: number; problems: Problem[] } {
  const problems: Problem[] = [];
  const weights = {} as SuccessSettingsShape['weights'];
  let sum = 0;
  for (const name of HEALTH_COMPONENT_NAMES) {
    const text = inputs[name].trim();
    const n = Number(text);
    if (text === '' || !Number.isInteger(n) || n < 0 || n > 100) {
      problems.push({ path: `weights.${name}`, message: `${COMPONENT_LABELS[name]}: a whole number from 0 to 100` });
      continue;
    }
    weights[name] = n;
    sum += n;
  }
  if (problems.length === 0 && sum !== 100) problems.push({ path: 'weights', message: `The weights add up to ${sum}: they must add up to 100 (${sum > 100 ? `${sum - 100} too many` : `${100 - sum} missing`}).` });
  return { weights: problems.length === 0 ? weights : null, sum, problems };
}

export function bandProblems(bands: { highRiskBelow: number; healthyAbove: number }): Problem[] {
  const problems: Problem[] = [];
  for (const key of ['highRiskBelow', 'healthyAbove'] as const) {
    const v = bands[key];
    if (!Number.isInteger(v) || v < 0 || v > 100) problems.push({ path: `bands.${key}`, message: 'A whole number from 0 to 100' });
  }
  if (problems.length === 0 && bands.highRiskBelow > bands.healthyAbove) problems.push({ path: 'bands.highRiskBelow', message: `High risk below ${bands.highRiskBelow} is above healthy above ${bands.healthyAbove}.` });
  return problems;
}

/** "Integration Connected" → "integration_connected" (a milestone's key, 1–50 of a-z 0-9 _ -). */
export function milestoneKey(label: string): string {
  return label.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 50) || 'milestone';
}

export type MilestoneInput = { key: string; label: string; event: string };

export function milestoneProblems(milestones: readonly MilestoneInput[]): Problem[] {
  const problems: Problem[] = [];
  const keys = new Set<string>();
  milestones.forEach((m, i) => {
    if (!m.label.trim()) problems.push({ path: `onboarding.milestones.${i}.label`, message: 'Name the milestone.' });
    if (!m.event.trim()) problems.push({ path: `onboarding.milestones.${i}.event`, message: 'The tracked event that reaches it.' });
    if (!/^[a-z0-9_-]{1,50}$/.test(m.key)) problems.push({ path: `onboarding.milestones.${i}.key`, message: 'Keys are 1–50 of a-z, 0-9, _ and -.' });
    else if (keys.has(m.key)) problems.push({ path: `onboarding.milestones.${i}.key`, message: `Two milestones share the key ${m.key}.` });
    keys.add(m.key);
  });
  if (milestones.length > 20) problems.push({ path: 'onboarding.milestones', message: 'At most 20 milestones.' });
  return problems;
}
