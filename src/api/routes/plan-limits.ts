// Per-plan limits and usage against them (issue 13).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

export async function planLimitRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
