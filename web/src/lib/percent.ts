// Ratios as the API sends them (0.05 = 5%) shown as percentages in the reader's locale.

const formats = new Map<string, Intl.NumberFormat>();

function format(locale: string | undefined, digits: number, signed: boolean): Intl.NumberFormat {
  const key = `${locale ?? ''}|${digits}|${signed}`;
  let cached = formats.get(key);
  if (!cached) {
    cached = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits, ...(signed ? { signDisplay: 'exceptZero' as const } : {}) });
    formats.set(key, cached);
  }
  return cached;
}

/** "12.5%"; an undefined ratio (null) is an em dash. */
export function formatPercent(ratio: number | null | undefined, options: { locale?: string; digits?: number; signed?: boolean } = {}): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return format(options.locale, options.digits ?? 1, options.signed ?? false).format(ratio);
}
