// Customer-success settings: health weights, component definitions, bands (issue 13).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

export async function successSettingsRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
