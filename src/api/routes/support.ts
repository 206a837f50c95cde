// Support tickets and NPS/CSAT responses: API and CSV import (issue 13).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

export async function supportRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
