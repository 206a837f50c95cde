/** A timestamp for settings tables: local date and time, minutes precision. */
export function when(iso: string | null, locale?: string): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
