// The customer-success overview, usage analytics, NPS, expansion and onboarding (issue 13).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

export async function successRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
