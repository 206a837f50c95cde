// Segments: saved customer filters with count, ARPU, LTV, churn risk and an action (issue 13).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

export async function segmentRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
