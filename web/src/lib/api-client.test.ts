import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ApiError, apiGet, apiUrl, errorMessage, type FetchLike } from './api-client.js';

const schema = z.object({ value: z.int() });

function respond(status: number, body: string, statusText = ''): FetchLike {
  return async () => new Response(body, { status, statusText, headers: { 'content-type': 'application/json' } });
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('apiUrl', () => {
  it.each([
    ['/v1/workspaces', {}, '/v1/workspaces'],
    ['/v1/metrics/summary', { workspace: 'ws_1' }, '/v1/metrics/summary?workspace=ws_1'],
    ['/v1/metrics/summary', { workspace: 'a b&c' }, '/v1/metrics/summary?workspace=a+b%26c'],
    ['/v1/metrics/summary', { workspace: undefined }, '/v1/metrics/summary'],
  ])('%s %j → %s', (path, params, expected) => {
    expect(apiUrl(path, params)).toBe(expected);
  });
});

describe('apiGet', () => {
  it('returns the validated body and sends the query parameters', async () => {
    let requested = '';
    const fetch: FetchLike = async (input) => {
      requested = input;
      return new Response('{"value":42,"extra":"ignored"}', { status: 200 });
    };
    await expect(apiGet('/v1/x', schema, { params: { workspace: 'ws_1' }, fetch })).resolves.toEqual({ value: 42 });
    expect(requested).toBe('/v1/x?workspace=ws_1');
  });

  it('surfaces the server error message and code', async () => {
    const error = await failure(
      apiGet('/v1/x', schema, { fetch: respond(404, '{"error":{"code":"workspace_not_found","message":"No workspace ws_9."}}') }),
    );
    expect(error).toMatchObject({ status: 404, code: 'workspace_not_found', message: 'No workspace ws_9.' });
    expect(error.retryable).toBe(false);
  });

  it('describes an error response without an error body', async () => {
    const error = await failure(apiGet('/v1/x', schema, { fetch: respond(502, '<html>bad gateway</html>', 'Bad Gateway') }));
    expect(error).toMatchObject({ status: 502, code: 'http_error', message: 'The server answered 502 Bad Gateway.' });
    expect(error.retryable).toBe(true);
  });

  it('turns a network failure into a readable error', async () => {
    const fetch: FetchLike = async () => {
      throw new TypeError('Failed to fetch');
    };
    const error = await failure(apiGet('/v1/x', schema, { fetch }));
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
    expect(error.message).toMatch(/Could not reach the Revpulse server/);
    expect(error.retryable).toBe(true);
  });

  it('rejects a body that does not match the schema', async () => {
    const error = await failure(apiGet('/v1/x', schema, { fetch: respond(200, '{"value":"42"}') }));
    expect(error).toMatchObject({ status: 200, code: 'invalid_response' });
  });

  it('lets an abort through untouched, so the query library can tell it from a failure', async () => {
    const fetch: FetchLike = async () => {
      throw new DOMException('aborted', 'AbortError');
    };
    await expect(apiGet('/v1/x', schema, { fetch })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('errorMessage', () => {
  it.each([
    [new ApiError(400, 'bad_request', 'Bad workspace id.'), 'Bad workspace id.'],
    [new Error('boom'), 'boom'],
    ['weird', 'Something went wrong.'],
  ])('%s → %s', (error, expected) => {
    expect(errorMessage(error)).toBe(expected);
  });
});
