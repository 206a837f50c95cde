// A customer's health score with its components and trend (issue 13).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

export async function customerHealthRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
