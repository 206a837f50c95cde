// apiUpload (api-client.ts): a file goes as it is, with its content type and the CSRF token; an
// error status named in `answers` is read as an answer, any other still fails with its message.
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ApiError, apiUpload, setCsrfToken, type FetchLike } from './api-client.js';

const schema = z.object({ status: z.string() });

describe('apiUpload', () => {
  it('posts the file as it is, with its content type and the CSRF token', async () => {
    const seen: { url: string; method?: string; headers?: Record<string, string>; body?: unknown }[] = [];
    const fetch: FetchLike = async (url, init) => (seen.push({ url, ...init }), new Response('{"status":"completed"}', { status: 200 }));
    const file = new Blob(['a,b\n1,2\n'], { type: 'text/csv' });
    setCsrfToken('csrf-1');
    try {
      await expect(apiUpload('/v1/import', schema, { params: { workspace: 'ws_1', dryRun: 'true' }, body: file, contentType: 'text/csv', fetch })).resolves.toEqual({ status: 'completed' });
    } finally {
      setCsrfToken(null);
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ url: '/v1/import?workspace=ws_1&dryRun=true', method: 'POST', headers: { 'content-type': 'text/csv', 'x-csrf-token': 'csrf-1' } });
    expect(seen[0]!.body).toBe(file);
  });

  it('reads a status it is told to expect as an answer, and fails on any other', async () => {
    const refused: FetchLike = async () => new Response('{"status":"refused"}', { status: 422 });
    await expect(apiUpload('/v1/import', schema, { body: 'x', contentType: 'text/csv', answers: [422], fetch: refused })).resolves.toEqual({ status: 'refused' });
    const tooLarge: FetchLike = async () => new Response('{"error":{"code":"RVP_IMPORT_TOO_LARGE","message":"over 50 MB"}}', { status: 413 });
    const error = await apiUpload('/v1/import', schema, { body: 'x', contentType: 'text/csv', answers: [422], fetch: tooLarge }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 413, code: 'RVP_IMPORT_TOO_LARGE', message: 'over 50 MB' });
    await expect(apiUpload('/v1/import', schema, { body: 'x', contentType: 'text/csv', fetch: refused })).rejects.toMatchObject({ status: 422, code: 'http_error' });
  });
});
