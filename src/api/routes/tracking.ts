// The Segment-compatible tracking API: /v1/track, identify, group, page, screen and batch (issue 13).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

export async function trackingRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
