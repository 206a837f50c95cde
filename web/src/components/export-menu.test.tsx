import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SESSION_KEY } from '../features/auth/session.js';
import { DataPanel } from './data-panel.js';
import { exportUrl, fetchExport, filenameOf, nextItem, type ExportTarget, type Fetch } from './export-download.js';
import { ExportMenu } from './export-menu.js';

const target: ExportTarget = { path: '/v1/metrics/by-plan', params: { workspace: 'ws_1', date: '2026-03-31', limit: '8', cursor: 'abc' } };

function withSession(role: string | null, node: ReactNode): string {
  const client = new QueryClient();
  if (role) client.setQueryData(SESSION_KEY, { user: { id: 'u1', email: 'a@example.com' }, csrfToken: 't', workspaces: [{ id: 'ws_1', name: 'Acme', role, reportingCurrency: 'usd', isDemo: false }] });
  return renderToStaticMarkup(<QueryClientProvider client={client}>{node}</QueryClientProvider>);
}

const answer = (body: BodyInit, status: number, headers: Record<string, string> = {}) => new Response(body, { status, headers });

describe('export download', () => {
  it("asks the panel's route for the format, never a page of it", () => {
    expect(exportUrl(target, 'xlsx')).toBe('/v1/metrics/by-plan?workspace=ws_1&date=2026-03-31&format=xlsx');
    expect(exportUrl({ path: '/v1/customers', params: { workspace: 'w', q: 'a&b' } }, 'pdf')).toBe('/v1/customers?workspace=w&q=a%26b&format=pdf');
  });

  it("saves under the server's file name, else one made from the route", () => {
    expect(filenameOf('attachment; filename="mrr-by-plan.xlsx"', 'x')).toBe('mrr-by-plan.xlsx');
    expect(filenameOf("attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf", 'x')).toBe('résumé.pdf');
    expect(filenameOf(null, 'metrics-by-plan.pdf')).toBe('metrics-by-plan.pdf');
  });

  it('fetches with the media type and the session cookie; a refusal becomes the server message', async () => {
    const asked: { url: string; accept: string; credentials: string }[] = [];
    const ok: Fetch = async (url, init) => {
      asked.push({ url, accept: init.headers.accept!, credentials: init.credentials });
      return answer(new Uint8Array([80, 75, 3, 4]), 200, { 'content-disposition': 'attachment; filename="mrr-by-plan.xlsx"' });
    };
    const file = await fetchExport(target, 'xlsx', ok);
    expect(file.filename).toBe('mrr-by-plan.xlsx');
    expect(file.blob.size).toBe(4);
    expect(asked).toEqual([{ url: '/v1/metrics/by-plan?workspace=ws_1&date=2026-03-31&format=xlsx', accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', credentials: 'same-origin' }]);

    const forbidden: Fetch = async () => answer(JSON.stringify({ error: { code: 'RVP_FORBIDDEN', message: 'Your role does not allow exports:create.' } }), 403, { 'content-type': 'application/json' });
    await expect(fetchExport(target, 'pdf', forbidden)).rejects.toThrow('Your role does not allow exports:create.');
    const bare: Fetch = async () => answer('', 502);
    await expect(fetchExport(target, 'pdf', bare)).rejects.toThrow('The export failed (502).');
    const offline: Fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(fetchExport(target, 'csv', offline)).rejects.toThrow('Could not reach the Revpulse server.');
  });

  it("rewrites a CSV when the panel asks (the customers table's columns) and names the file itself", async () => {
    const csv: Fetch = async () => answer('id,name\nc1,A\nc2,B\n', 200, { 'content-disposition': 'attachment; filename="customers.csv"' });
    const file = await fetchExport({ ...target, filename: 'customers-2026-03-18', csv: (text) => ({ text: text.toUpperCase(), rows: text.trim().split('\n').length - 1 }) }, 'csv', csv);
    expect(file.filename).toBe('customers-2026-03-18.csv');
    expect(file.rows).toBe(2);
    expect(await file.blob.text()).toBe('ID,NAME\nC1,A\nC2,B\n');
  });

  it('moves through the menu like a menu: arrows wrap, Home and End', () => {
    expect([nextItem('ArrowDown', 2, 3), nextItem('ArrowUp', 0, 3), nextItem('Home', 2, 3), nextItem('End', 0, 3), nextItem('a', 1, 3)]).toEqual([0, 2, 0, 2, null]);
  });
});

describe('ExportMenu', () => {
  it('is a menu button named for what it exports, closed at first', () => {
    const html = withSession('analyst', <ExportMenu target={target} title="MRR by plan" />);
    expect(html).toContain('aria-haspopup="menu"');
    expect(html).toContain('aria-label="Export MRR by plan"');
    expect(html).not.toContain('role="menu"');
    expect(html).toContain('role="status"');
  });

  it('is hidden from a role that may not export, shown while the role is unknown', () => {
    expect(withSession('viewer', <ExportMenu target={target} />)).toBe('');
    expect(withSession('billing', <ExportMenu target={target} />)).toBe('');
    expect(withSession(null, <ExportMenu target={target} />)).toContain('export-menu-button');
  });

  it('sits in a data panel header once the panel has data', () => {
    const panel = (data: number[] | undefined) =>
      withSession('owner', <DataPanel title="Plans" testId="plans" query={{ data, error: null, isPending: data === undefined, refetch: () => undefined }} export={target}>{() => <p>rows</p>}</DataPanel>);
    expect(panel([1])).toContain('data-testid="plans-export"');
    expect(panel(undefined)).not.toContain('plans-export');
  });
});
