import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LiveEnvelope } from '../live/live-message.js';
import { summaryFixture } from './fixtures.js';
import { applyMrrUpdate, isResync, mrrUpdateFrom, type MrrUpdate } from './live-summary.js';
import { pickFigures, type Summary } from './summary.js';

const figures = { currency: 'usd', mrr: 1_290_600, arr: 15_487_200, payingCustomers: 313, arpa: 4_123 };

function envelope(overrides: Partial<LiveEnvelope> = {}): LiveEnvelope {
  return { type: 'mrr_updated', seq: 5, at: '2026-01-15T12:00:10.000Z', data: figures, ...overrides };
}

describe('mrrUpdateFrom', () => {
  it('reads the figures of an mrr_updated message', () => {
    expect(mrrUpdateFrom(envelope())).toEqual({ seq: 5, at: '2026-01-15T12:00:10.000Z', figures });
  });

  it('drops fields the summary does not know', () => {
    expect(mrrUpdateFrom(envelope({ data: { ...figures, secret: 'x' } }))?.figures).toEqual(figures);
  });

  it.each([
    ['another type', envelope({ type: 'new_signup' })],
    ['no timestamp', envelope({ at: null })],
    ['a float amount', envelope({ data: { ...figures, mrr: 10.5 } })],
    ['missing figures', envelope({ data: { currency: 'usd', mrr: 1 } })],
    ['no data', envelope({ data: undefined })],
  ])('ignores %s', (_name, message) => {
    expect(mrrUpdateFrom(message)).toBeNull();
  });
});

describe('applyMrrUpdate', () => {
  const summary = summaryFixture({ asOf: '2026-01-15T12:00:00.000Z' });

  it('replaces the figures and asOf, keeping the workspace and last event', () => {
    const update: MrrUpdate = { seq: 5, at: '2026-01-15T12:00:10.000Z', figures };
    expect(applyMrrUpdate(summary, update)).toEqual({ ...summary, ...figures, asOf: '2026-01-15T12:00:10.000Z' });
  });

  it('switches currency when the reporting currency changed', () => {
    const update: MrrUpdate = { seq: 6, at: '2026-01-15T12:01:00.000Z', figures: { ...figures, currency: 'eur' } };
    expect(applyMrrUpdate(summary, update).currency).toBe('eur');
  });

  it('shows the last update delivered, since the server delivers in sequence order', () => {
    const update = fc.record({
      seq: fc.nat(),
      at: fc.constant('2026-01-15T12:00:00.000Z'),
      figures: fc.record({ currency: fc.constantFrom('usd', 'jpy', 'kwd'), mrr: fc.nat(), arr: fc.nat(), payingCustomers: fc.nat(), arpa: fc.nat() }),
    });
    fc.assert(
      fc.property(fc.array(update, { minLength: 1, maxLength: 20 }), (updates) => {
        const final = updates.reduce<Summary>(applyMrrUpdate, summary);
        expect(pickFigures(final)).toEqual(updates.at(-1)!.figures);
        expect(final.workspace).toEqual(summary.workspace);
      }),
    );
  });
});

describe('isResync', () => {
  it.each([
    ['resync', true],
    ['mrr_updated', false],
    ['new_signup', false],
  ])('%s → %s', (type, expected) => {
    expect(isResync(envelope({ type, data: {} }))).toBe(expected);
  });
});
