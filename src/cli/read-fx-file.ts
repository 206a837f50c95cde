import { readFile } from 'node:fs/promises';
import type { FxRate } from '../core/types.js';
import { UsageError } from './usage-error.js';

const HEADER = ['currency', 'quote_currency', 'day', 'rate'];

/** FX rates from a CSV with the header currency,quote_currency,day,rate; keeps rates into `quote`. */
export async function readFxFile(file: string, quote: string): Promise<FxRate[]> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(error.code === 'ENOENT' ? `FX file not found: ${file}` : `cannot read ${file}: ${error.message}`, 1);
  });
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.split(',').map((h) => h.trim().toLowerCase());
  if (!header || HEADER.some((h, i) => header[i] !== h)) throw new UsageError(`${file}:1: the header must be ${HEADER.join(',')}`, 1);
  const rates: FxRate[] = [];
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    const [currency, quoteCurrency, day, rate] = line.split(',').map((c) => c.trim());
    const where = `${file}:${index + 2}`;
    if (!currency || !/^[a-zA-Z]{3}$/.test(currency)) throw new UsageError(`${where}: currency must be a 3-letter code`, 1);
    if (!quoteCurrency || !/^[a-zA-Z]{3}$/.test(quoteCurrency)) throw new UsageError(`${where}: quote_currency must be a 3-letter code`, 1);
    if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new UsageError(`${where}: day must be YYYY-MM-DD`, 1);
    if (!rate || !/^\d+(\.\d+)?$/.test(rate) || Number(rate) === 0) throw new UsageError(`${where}: rate must be a positive decimal number`, 1);
    if (quoteCurrency.toLowerCase() === quote) rates.push({ currency: currency.toLowerCase(), day, rate });
  });
  return rates;
}
