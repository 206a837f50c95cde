// The alert centre and alert rules (issue 13).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

export async function alertRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
