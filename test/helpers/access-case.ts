// What the access-matrix test (test/integration/access-matrix.test.ts) needs to call a route
// successfully: each area keeps its cases in test/integration/access-cases/<area>.ts.
import type { InjectOptions } from 'fastify';
import type { TestApp } from './app.js';
import type { Caller } from './auth.js';
import type { Source } from '../../src/store/sources-repo.js';
import type { Workspace } from '../../src/store/workspaces-repo.js';

export type Fixtures = { t: TestApp; a: Workspace; b: Workspace; source: Source };
/** Builds a request that succeeds for an allowed caller (it may create a fresh target each time).
 *  `ok` is what the handler answers once the hook has let the caller through; when that is not a
 *  2xx (e.g. a sync of a source without an API key), `okCode` says which handler error it is. */
export type Case = { ok: number; okCode?: string; build: (f: Fixtures, caller: Caller & { email?: string; userId?: string }) => Promise<Omit<InjectOptions, 'headers'>> | Omit<InjectOptions, 'headers'> };

export const inA = (f: Fixtures, url: string, extra: Partial<InjectOptions> = {}) => ({ url: `${url}${url.includes('?') ? '&' : '?'}workspace=${f.a.id}`, ...extra });
export const freshEmail = () => `fresh.${Math.random().toString(36).slice(2, 10)}@example.com`;
