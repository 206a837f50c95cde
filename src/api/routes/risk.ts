// A customer's churn risk with its reasons, and the model behind it (issue 13).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

export async function riskRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
