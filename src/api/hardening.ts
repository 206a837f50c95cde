// HTTP hardening shared by every route: security headers (helmet, with a Content-Security-Policy
// for the dashboard), cookies, the CSRF token machinery, and rate limits per client IP in three
// buckets — sign-in and invitation routes (tight), webhooks, and everything else.
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { ApiError } from './errors.js';

/** Body limits for routes that take small JSON documents (sign-in, team, keys). */
export const SMALL_BODY = 16 * 1024;

type Bucket = 'auth' | 'webhooks' | 'api' | 'none';

export function rateLimitBucket(request: FastifyRequest): Bucket {
  const access = request.routeOptions.config.access;
  const url = request.routeOptions.url ?? '';
  if (url === '/healthz' || url === '/readyz') return 'none';
  if (access === 'webhook') return 'webhooks';
  if (access === 'public' && (url.startsWith('/v1/') || url.startsWith('/auth/'))) return 'auth';
  return 'api';
}

export async function registerHardening(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    hsts: { maxAge: 15_552_000, includeSubDomains: false },
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(fastifyCookie);
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/session',
    sessionKey: '_csrf',
    getToken: (request) => {
      const token = request.headers['x-csrf-token'];
      return typeof token === 'string' ? token : undefined;
    },
  });
  const limits: Record<Exclude<Bucket, 'none'>, number> = config.rateLimits;
  await app.register(fastifyRateLimit, {
    global: true,
    timeWindow: 60_000,
    allowList: (request) => rateLimitBucket(request) === 'none',
    keyGenerator: (request) => `${rateLimitBucket(request)}:${request.ip}`,
    max: (request) => {
      const bucket = rateLimitBucket(request);
      return bucket === 'none' ? Number.MAX_SAFE_INTEGER : limits[bucket];
    },
    errorResponseBuilder: (_request, context) => new ApiError('RVP_RATE_LIMITED', `Too many requests: try again in ${context.after}.`),
  });
}
