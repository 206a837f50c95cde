import { describe, expect, it } from 'vitest';
import { unconvertedText } from './unconverted.js';

describe('the unconverted-MRR notice', () => {
  it('says nothing when everything converts', () => expect(unconvertedText([], 'usd')).toBeNull());
  it('names each currency with its amount, in its own exponent', () => {
    expect(unconvertedText([{ currency: 'eur', mrr: 124_000 }], 'usd')).toBe('€1,240.00 MRR not converted: no EUR → USD rate yet. Those amounts are left out of every figure until rates arrive.');
    expect(unconvertedText([{ currency: 'jpy', mrr: 5000 }, { currency: 'gbp', mrr: 3900 }, { currency: 'kwd', mrr: 12_345 }], 'usd'))
      .toBe('¥5,000, £39.00 and KWD\u00a012.345 MRR not converted: no JPY, GBP and KWD → USD rate yet. Those amounts are left out of every figure until rates arrive.');
  });
});
