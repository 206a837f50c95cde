import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EcbFetchError, fetchEcbQuotes, historyFileFor, type EcbHistory } from '../../../../src/ingest/fx/ecb-fetch.js';

const DIR = fileURLToPath(new URL('../../../fixtures/ecb/', import.meta.url));
const DAILY = readFileSync(`${DIR}eurofxref-daily.xml`, 'utf8');
const NINETY = readFileSync(`${DIR}eurofxref-hist-90d.xml`, 'utf8');

type Reply = { status: number; body?: string; type?: string; headers?: Record<string, string> } | 'hang' | 'reset';

// A local stand-in for www.ecb.europa.eu/stats/eurofxref: each path answers from its queue of
// scripted replies first, then with the file (or 404).
const files: Record<string, string> = {
  '/stats/eurofxref/eurofxref-daily.xml': DAILY,
  '/stats/eurofxref/eurofxref-hist-90d.xml': NINETY,
  '/stats/eurofxref/eurofxref-hist.xml': NINETY,
};
const scripted = new Map<string, Reply[]>();
const requests: string[] = [];
const hanging: ServerResponse[] = [];
let server: Server;
let origin: string;
let baseUrl: string;

function send(res: ServerResponse, reply: Reply): void {
  if (reply === 'hang') return void hanging.push(res);
  if (reply === 'reset') return void res.socket?.destroy();
  res.writeHead(reply.status, { 'content-type': reply.type ?? 'text/xml', ...reply.headers });
  res.end(reply.body ?? '');
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push(`${req.method} ${path}`);
    const next = scripted.get(path)?.shift();
    if (next) return send(res, next);
    const file = files[path];
    send(res, file === undefined ? { status: 404, type: 'text/html', body: '<html><title>404 Not Found</title></html>' } : { status: 200, body: file });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  baseUrl = `${origin}/stats/eurofxref`;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  scripted.clear();
  requests.length = 0;
});

const fast = { baseDelayMs: 1 };

async function failureOf(promise: Promise<unknown>): Promise<EcbFetchError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the fetch to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EcbFetchError);
  return error as EcbFetchError;
}

describe('fetchEcbQuotes against a local server', () => {
  it.each<[EcbHistory, string, number]>([
    ['daily', 'eurofxref-daily.xml', 30],
    ['90d', 'eurofxref-hist-90d.xml', 128],
    ['hist', 'eurofxref-hist.xml', 128],
  ])('%s downloads %s and parses it', async (which, file, count) => {
    const quotes = await fetchEcbQuotes({ baseUrl, which });
    expect(quotes).toHaveLength(count);
    expect(requests).toEqual([`GET /stats/eurofxref/${file}`]);
  });

  it('accepts a base URL with a trailing slash', async () => {
    const quotes = await fetchEcbQuotes({ baseUrl: `${baseUrl}/`, which: 'daily' });
    expect(quotes.find((q) => q.currency === 'usd')).toEqual({ day: '2024-06-28', currency: 'usd', rate: '1.0705' });
  });

  it('retries a 503 and succeeds on the next attempt', async () => {
    scripted.set('/stats/eurofxref/eurofxref-daily.xml', [{ status: 503, type: 'text/html', body: '<html>busy</html>' }]);
    const quotes = await fetchEcbQuotes({ baseUrl, which: 'daily', ...fast });
    expect(quotes).toHaveLength(30);
    expect(requests).toHaveLength(2);
  });

  it('retries a 429 honouring Retry-After, and a dropped connection', async () => {
    scripted.set('/stats/eurofxref/eurofxref-hist-90d.xml', [{ status: 429, headers: { 'retry-after': '0' } }, 'reset']);
    const quotes = await fetchEcbQuotes({ baseUrl, which: '90d', ...fast });
    expect(quotes).toHaveLength(128);
    expect(requests).toHaveLength(3);
  });

  it('gives up after 3 attempts of 5xx, naming the URL and the status', async () => {
    scripted.set('/stats/eurofxref/eurofxref-daily.xml', [{ status: 503 }, { status: 502 }, { status: 500 }, { status: 500 }]);
    const error = await failureOf(fetchEcbQuotes({ baseUrl, which: 'daily', ...fast }));
    expect(error.message).toBe(`GET ${baseUrl}/eurofxref-daily.xml failed after 3 attempts: HTTP 500 Internal Server Error`);
    expect(error.status).toBe(500);
    expect(error.url).toBe(`${baseUrl}/eurofxref-daily.xml`);
    expect(requests).toHaveLength(3);
  });

  it('fails at once on a 404, naming the URL', async () => {
    const error = await failureOf(fetchEcbQuotes({ baseUrl: `${origin}/moved`, which: 'hist', ...fast }));
    expect(error.message).toBe(`GET ${origin}/moved/eurofxref-hist.xml failed: HTTP 404 Not Found`);
    expect(error.status).toBe(404);
    expect(requests).toHaveLength(1);
  });

  it('fails at once on an HTML page served with 200, naming the URL and the page', async () => {
    scripted.set('/stats/eurofxref/eurofxref-daily.xml', [
      { status: 200, type: 'text/html; charset=utf-8', body: '<!DOCTYPE html><html><head><title>ECB - Maintenance</title></head><body>Back soon</body></html>' },
    ]);
    const error = await failureOf(fetchEcbQuotes({ baseUrl, which: 'daily', ...fast }));
    expect(error.message).toBe(
      `${baseUrl}/eurofxref-daily.xml did not return ECB reference rates (text/html; charset=utf-8): ECB XML: not ECB reference rates: it is an HTML page ("ECB - Maintenance")`,
    );
    expect(requests).toHaveLength(1);
  });

  it('fails on an XML document with bad rates, with the line', async () => {
    scripted.set('/stats/eurofxref/eurofxref-daily.xml', [{ status: 200, body: "<Cube>\n<Cube time='2024-06-28'>\n<Cube currency='USD' rate='N/A'/>\n</Cube></Cube>" }]);
    const error = await failureOf(fetchEcbQuotes({ baseUrl, which: 'daily', ...fast }));
    expect(error.message).toMatch(/eurofxref-daily\.xml did not return ECB reference rates \(text\/xml\): ECB XML: line 3: rate "N\/A" for USD on 2024-06-28 is not a positive decimal$/);
  });

  it('retries a refused connection, then names the URL and the reason', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failureOf(fetchEcbQuotes({ baseUrl: `http://127.0.0.1:${port}/x`, which: 'daily', ...fast }));
    expect(error.message).toMatch(new RegExp(`^GET http://127\\.0\\.0\\.1:${port}/x/eurofxref-daily\\.xml failed after 3 attempts: .*ECONNREFUSED`));
    expect(error.status).toBeNull();
  });

  it('times out an attempt that gets no answer, and retries it', async () => {
    scripted.set('/stats/eurofxref/eurofxref-daily.xml', ['hang', 'hang']);
    const error = await failureOf(fetchEcbQuotes({ baseUrl, which: 'daily', timeoutMs: 100, maxAttempts: 2, ...fast }));
    expect(error.message).toBe(`GET ${baseUrl}/eurofxref-daily.xml failed after 2 attempts: no complete answer within 100 ms`);
    expect(requests).toHaveLength(2);
  });

  it('stops when the caller aborts, without retrying', async () => {
    scripted.set('/stats/eurofxref/eurofxref-daily.xml', ['hang']);
    const controller = new AbortController();
    const pending = fetchEcbQuotes({ baseUrl, which: 'daily', signal: controller.signal, ...fast });
    while (requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(new Error('shutting down'));
    await expect(pending).rejects.toThrow('shutting down');
    expect(requests).toHaveLength(1);
  });

  it('rejects a base URL that is not one, without a request', async () => {
    const error = await failureOf(fetchEcbQuotes({ baseUrl: 'ecb.europa.eu/stats', which: 'daily' }));
    expect(error.message).toBe('not a URL: ecb.europa.eu/stats/eurofxref-daily.xml');
    expect(requests).toHaveLength(0);
  });

  it('uses the fetch it is given', async () => {
    const seen: string[] = [];
    const fetchImpl: typeof fetch = async (input) => {
      seen.push(String(input));
      return new Response(DAILY, { status: 200, headers: { 'content-type': 'text/xml' } });
    };
    await expect(fetchEcbQuotes({ which: 'daily', fetchImpl })).resolves.toHaveLength(30);
    expect(seen).toEqual(['https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml']);
  });
});

describe('historyFileFor', () => {
  it.each([
    ['2024-06-28', '2024-06-28', 'daily'],
    ['2024-07-01', '2024-06-28', 'daily'],
    ['2024-06-27', '2024-06-28', '90d'],
    ['2024-04-09', '2024-06-28', '90d'], // 80 days
    ['2024-04-08', '2024-06-28', 'hist'], // 81 days: the rate in force may predate the 90-day file
    ['2024-03-30', '2024-06-28', 'hist'], // 90 days
    ['1999-01-04', '2024-06-28', 'hist'],
  ])('since %s, today %s → %s', (since, today, expected) => {
    expect(historyFileFor(since, today)).toBe(expected);
  });
});
