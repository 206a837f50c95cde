// Product accounts and their link to billing customers, unmatched ones listed (issue 13).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

export async function successAccountRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
