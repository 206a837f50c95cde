import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base62, createIdFactory } from '../../../src/demo/ids.js';
import { createRng, mixSeed } from '../../../src/demo/random.js';

describe('base62', () => {
  it.each([
    [0, 3, '000'],
    [61, 2, '0z'],
    [62, 2, '10'],
    [238_327, 3, 'zzz'],
  ])('%i in %i digits is %s', (value, width, expected) => {
    expect(base62(value, width)).toBe(expected);
  });

  it('refuses values that do not fit', () => {
    expect(() => base62(238_328, 3)).toThrow(RangeError);
    expect(() => base62(-1, 3)).toThrow(RangeError);
  });

  it('keeps numeric order as string order at a fixed width', () => {
    fc.assert(fc.property(fc.nat(916_132_831), fc.nat(916_132_831), (a, b) => {
      const [x, y] = [base62(a, 5), base62(b, 5)];
      return Math.sign(a - b) === (x < y ? -1 : x > y ? 1 : 0);
    }));
  });
});

describe('createIdFactory', () => {
  it('gives Stripe prefixes and never repeats across scopes or calls', () => {
    const seen = new Set<string>();
    for (const scope of [0, 1, 2, 61, 62, 100_000]) {
      const ids = createIdFactory(123, scope);
      for (let i = 0; i < 200; i++) {
        for (const id of [ids.next('cus'), ids.next('in'), ids.event()]) {
          expect(seen.has(id)).toBe(false);
          seen.add(id);
        }
      }
    }
    const ids = createIdFactory(1, 1);
    expect(ids.next('sub')).toMatch(/^sub_[0-9A-Za-z]{14}$/);
    expect(ids.event()).toMatch(/^evt_demo_[0-9A-Za-z]{14}$/);
  });

  it('issues event ids in increasing string order', () => {
    const ids = createIdFactory(9, 5);
    const made = Array.from({ length: 500 }, () => ids.event());
    expect([...made].sort()).toEqual(made);
  });
});

describe('createRng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const draw = (seed: number) => { const r = createRng(seed); return Array.from({ length: 5 }, () => r.next()); };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('stays in range', () => {
    fc.assert(fc.property(fc.integer(), fc.integer({ min: -50, max: 50 }), fc.nat(100), (seed, min, span) => {
      const rng = createRng(seed);
      for (let i = 0; i < 20; i++) {
        const x = rng.next();
        const n = rng.int(min, min + span);
        if (x < 0 || x >= 1 || n < min || n > min + span || !Number.isInteger(n)) return false;
      }
      return true;
    }));
  });

  it('weights picks roughly by weight', () => {
    const rng = createRng(5);
    let heavy = 0;
    for (let i = 0; i < 10_000; i++) if (rng.weighted([['a', 3], ['b', 1]] as const) === 'a') heavy++;
    expect(heavy / 10_000).toBeGreaterThan(0.72);
    expect(heavy / 10_000).toBeLessThan(0.78);
  });

  it('mixSeed spreads neighbouring inputs', () => {
    expect(new Set([1, 2, 3, 4, 5].map((n) => mixSeed(42, n))).size).toBe(5);
  });
});
