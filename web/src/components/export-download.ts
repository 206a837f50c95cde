// What the Export menu does once a format is chosen: ask the panel's own API route for the file
// (`?format=csv|xlsx|pdf` — the same filters as the panel; the session cookie goes with a
// same-origin fetch), turn a refusal into a message fit to show, and save the answer under the
// name the server gave it. Plus the menu's keyboard movement. No React here.
import { apiUrl } from '../lib/api-client.js';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const FORMAT_LABELS: Record<ExportFormat, string> = { csv: 'CSV', xlsx: 'Excel', pdf: 'PDF' };
const MEDIA_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** A panel's export: its API route and the query the panel reads it with (workspace included). */
export type ExportTarget = {
  path: string;
  params: Record<string, string | undefined>;
  /** The formats offered (default all three). */
  formats?: readonly ExportFormat[];
  /** The saved file's name without its extension (default: the name the server gives). */
  filename?: string;
  /** Rewrites the server's CSV before it is saved (the customers table keeps its own columns). */
  csv?: (text: string) => { text: string; rows: number };
};

export type Downloaded = { filename: string; bytes: number; rows: number | null };

/** The file's URL: the panel's query with `format`; a cursor or a page size never limits a file. */
export function exportUrl(target: ExportTarget, format: ExportFormat): string {
  const params: Record<string, string | undefined> = { ...target.params, format, cursor: undefined, limit: undefined };
  return apiUrl(target.path, params);
}

/** The file name of `Content-Disposition: attachment; filename="…"`, else `fallback`. */
export function filenameOf(disposition: string | null, fallback: string): string {
  const star = disposition ? /filename\*=UTF-8''([^;]+)/i.exec(disposition) : null;
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = disposition ? /filename="?([^";]+)"?/i.exec(disposition) : null;
  return plain?.[1]?.trim() || fallback;
}

/** "export-mrr-by-plan.xlsx" when the server names nothing. */
function fallbackName(target: ExportTarget, format: ExportFormat): string {
  const slug = target.path.replace(/^\/v1\//, '').replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
  return `${slug || 'export'}.${format}`;
}

/** The message of a refused export: the server's own, or what the status means. */
async function refusal(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (body?.error?.message) return body.error.message;
  if (response.status === 403) return 'Your role may not export data.';
  if (response.status === 401) return 'Your session has ended: sign in again.';
  return `The export failed (${response.status}).`;
}

export type Fetch = (url: string, init: { headers: Record<string, string>; credentials: 'same-origin' }) => Promise<Response>;

/** Fetches the file; throws an Error with a message to show when it cannot. */
export async function fetchExport(target: ExportTarget, format: ExportFormat, fetchImpl: Fetch = (url, init) => fetch(url, init)): Promise<{ blob: Blob; filename: string; rows: number | null }> {
  let response: Response;
  try {
    response = await fetchImpl(exportUrl(target, format), { headers: { accept: MEDIA_TYPES[format] }, credentials: 'same-origin' });
  } catch {
    throw new Error('Could not reach the Revpulse server.');
  }
  if (!response.ok) throw new Error(await refusal(response));
  const filename = target.filename ? `${target.filename}.${format}` : filenameOf(response.headers.get('content-disposition'), fallbackName(target, format));
  if (format === 'csv' && target.csv) {
    const { text, rows } = target.csv(await response.text());
    return { blob: new Blob([text], { type: 'text/csv;charset=utf-8' }), filename, rows };
  }
  return { blob: await response.blob(), filename, rows: null };
}

/** Saves a blob as a download (a temporary object URL on a link clicked once). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Fetches and saves; what was saved. */
export async function downloadExport(target: ExportTarget, format: ExportFormat, fetchImpl?: Fetch): Promise<Downloaded> {
  const file = await fetchExport(target, format, fetchImpl);
  saveBlob(file.blob, file.filename);
  return { filename: file.filename, bytes: file.blob.size, rows: file.rows };
}

/** The menu item a key moves to (menu button pattern: arrows wrap, Home and End), or null. */
export function nextItem(key: string, current: number, count: number): number | null {
  switch (key) {
    case 'ArrowDown':
      return (current + 1) % count;
    case 'ArrowUp':
      return (current - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
