// Downloads a report file (PDF, Excel, CSV) with the session cookie and saves it under the name
// the server gives it. A refusal becomes an ApiError whose message says what to do.
import { ApiError, apiUrl } from '../../lib/api-client.js';
import type { AttachmentFormat } from '@read/reports/contract.js';

export const FORMAT_LABELS: Record<AttachmentFormat, string> = { pdf: 'PDF', xlsx: 'Excel', csv: 'CSV' };

const EXTENSIONS: Record<AttachmentFormat, string> = { pdf: 'pdf', xlsx: 'xlsx', csv: 'csv' };

/** The file name in a Content-Disposition header (filename* first), or null. */
export function fileNameFrom(disposition: string | null): string | null {
  if (!disposition) return null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]+)"|filename\s*=\s*([^;]+)/.exec(disposition);
  const name = (plain?.[1] ?? plain?.[2])?.trim();
  // Only a bare name: never a path the browser could be asked to write elsewhere.
  return name ? name.replace(/[/\\]/g, '_') : null;
}

export function fallbackName(reportKey: string, period: string | undefined, format: AttachmentFormat): string {
  return `revpulse-${reportKey}${period ? `-${period}` : ''}.${EXTENSIONS[format]}`;
}

const FORBIDDEN_HINT = 'Downloading reports needs the exports:create permission (owner, admin or analyst): ask an owner or admin.';

/** The message for a refused download: the server's words, and for 403 what would allow it. */
export function downloadProblem(status: number, serverMessage: string | null): string {
  if (status === 403) return serverMessage ? `${serverMessage.replace(/\.?$/, '.')} ${FORBIDDEN_HINT}` : FORBIDDEN_HINT;
  if (status === 401) return 'Your session has ended: sign in again to download.';
  return serverMessage ?? `The server answered ${status} to the download.`;
}

export type DownloadRequest = { workspaceId: string; reportKey: string; period?: string; format: AttachmentFormat };

export function reportFileUrl({ workspaceId, reportKey, period, format }: DownloadRequest): string {
  return apiUrl(`/v1/reports/${encodeURIComponent(reportKey)}`, { format, period, workspace: workspaceId });
}

/** Fetches the file and hands it to the browser to save; resolves to the saved name. */
export async function downloadReport(request: DownloadRequest): Promise<string> {
  let response: Response;
  try {
    response = await fetch(reportFileUrl(request), { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network_error', 'Could not reach the Revpulse server. Check that it is running.');
  }
  if (!response.ok) {
    let message: string | null = null;
    let code = 'http_error';
    try {
      const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
      if (typeof body.error?.message === 'string') message = body.error.message;
      if (typeof body.error?.code === 'string') code = body.error.code;
    } catch {
      // not JSON: the status says enough
    }
    throw new ApiError(response.status, code, downloadProblem(response.status, message));
  }
  const blob = await response.blob();
  const name = fileNameFrom(response.headers.get('content-disposition')) ?? fallbackName(request.reportKey, request.period, request.format);
  const href = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = href;
  anchor.download = name;
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Revoked later: some browsers read the object URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return name;
}
