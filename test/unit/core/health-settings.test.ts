// The settings exist twice — the core's schema validates them, the contract describes them to the
// web app — and the health score's defaults are stated in docs/metrics.md §18: these must agree.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { COMPONENT_LABELS } from '../../../src/core/health.js';
import { bandOf, DEFAULT_SUCCESS_SETTINGS, HEALTH_BANDS, HEALTH_COMPONENTS, successSettingsSchema, withDefaults } from '../../../src/core/success-settings.js';
import { HEALTH_BAND_NAMES, HEALTH_COMPONENT_NAMES, successSettingsShape } from '../../../src/read/health/contract.js';

const doc = readFileSync(new URL('../../../docs/metrics.md', import.meta.url), 'utf8');
const section = doc.slice(doc.indexOf('## 18. Health score'), doc.indexOf('## 19.'));

describe('settings: core schema and contract agree', () => {
  it('the same JSON schema, names and bands', () => {
    expect(z.toJSONSchema(successSettingsShape)).toEqual(z.toJSONSchema(successSettingsSchema));
    expect([...HEALTH_COMPONENT_NAMES]).toEqual([...HEALTH_COMPONENTS]);
    expect([...HEALTH_BAND_NAMES]).toEqual([...HEALTH_BANDS]);
    expect(successSettingsShape.parse(DEFAULT_SUCCESS_SETTINGS)).toEqual(DEFAULT_SUCCESS_SETTINGS);
  });

  it('stored settings missing a section or a field take the defaults; invalid ones fall back whole', () => {
    expect(withDefaults({ weights: { usage: 40, engagement: 15 } }).weights).toEqual({ ...DEFAULT_SUCCESS_SETTINGS.weights, usage: 40, engagement: 15 });
    expect(withDefaults({ components: { usage: { seatShare: 0 } } }).components.usage).toEqual({ ...DEFAULT_SUCCESS_SETTINGS.components.usage, seatShare: 0 });
    expect(withDefaults({ weights: { usage: 99 } })).toEqual(DEFAULT_SUCCESS_SETTINGS);
    expect(withDefaults(null)).toEqual(DEFAULT_SUCCESS_SETTINGS);
  });
});

describe('docs/metrics.md §18 states the defaults the code uses', () => {
  it('weights', () => {
    const stated = new Map([...section.matchAll(/^\| ([A-Za-z ]+) \| (\d+)% \|/gm)].map((m) => [m[1]!.trim(), Number(m[2])]));
    expect(Object.fromEntries(stated)).toEqual(Object.fromEntries(HEALTH_COMPONENTS.map((c) => [COMPONENT_LABELS[c], DEFAULT_SUCCESS_SETTINGS.weights[c]])));
  });

  it('bands', () => {
    const m = /`high_risk` below (\d+), `medium` from (\d+) to (\d+), `healthy` above (\d+)/.exec(section);
    expect(m).not.toBeNull();
    const [low, from, to, high] = m!.slice(1).map(Number);
    const { highRiskBelow, healthyAbove } = DEFAULT_SUCCESS_SETTINGS.bands;
    expect([low, from, to, high]).toEqual([highRiskBelow, highRiskBelow, healthyAbove, healthyAbove]);
    expect([bandOf(low! - 1, DEFAULT_SUCCESS_SETTINGS.bands), bandOf(from!, DEFAULT_SUCCESS_SETTINGS.bands), bandOf(to!, DEFAULT_SUCCESS_SETTINGS.bands), bandOf(high! + 1, DEFAULT_SUCCESS_SETTINGS.bands)])
      .toEqual(['high_risk', 'medium', 'medium', 'healthy']);
  });

  it('every component parameter default it names in brackets', () => {
    const p = DEFAULT_SUCCESS_SETTINGS.components;
    const stated: [string, number][] = [
      ['seatShare', p.usage.seatShare], ['dropForZero or more', p.usage.dropForZero], ['growthForFull or more', p.usage.growthForFull], ['seatTarget', p.usage.seatTarget],
      ['activeDaysTarget', p.engagement.activeDaysTarget], ['usersShare', p.engagement.usersShare], ['npsShare', p.support.npsShare],
      ['openTicketPenalty', p.support.openTicketPenalty], ['urgentTicketPenalty', p.support.urgentTicketPenalty], ['slowResponsePenalty', p.support.slowResponsePenalty],
      ['responseHoursTarget', p.support.responseHoursTarget], ['satisfactionPoints', p.support.satisfactionPoints], ['failedPaymentPenalty', p.payment.failedPaymentPenalty],
      ['lastPaymentFailedPenalty', p.payment.lastPaymentFailedPenalty], ['discountPenalty', p.payment.discountPenalty], ['topFeatures', p.adoption.topFeatures],
    ];
    for (const [name, value] of stated) {
      const m = new RegExp(`${name}\\s+\\[\\+?([\\d.]+)%?\\]`).exec(section);
      expect(m, name).not.toBeNull();
      expect(Number(m![1]), name).toBe(value);
    }
  });
});
