// The OpenAPI document, generated from the routes' zod schemas (fastify-type-provider-zod) and
// served with Swagger UI at /docs (the JSON at /docs/json). Routes that declare
// `schema: { querystring, params, response }` with zod get request validation (failures answer
// RVP_VALIDATION naming the field: error-handler.ts) and typed, allow-listed responses.
// Call before registerAuthorisation: Swagger UI registers its own routes without an access
// marker, and the hook added here marks them public before the authorisation hook checks them.
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';

export const DOCS_PREFIX = '/docs';

export function registerOpenApi(app: FastifyInstance, options: { version?: string } = {}): void {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRoute', (route: RouteOptions & { prefix?: string }) => {
    const config = (route.config ?? {}) as { access?: string };
    const hidden = (route.schema as { hide?: boolean } | undefined)?.hide === true;
    // Only Swagger UI's own pages and assets: hidden from the spec, under the docs prefix.
    if (config.access === undefined && route.prefix === DOCS_PREFIX && (hidden || route.url.startsWith(`${DOCS_PREFIX}/static/`))) {
      route.config = { ...config, access: 'public' };
    }
  });
  void app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Revpulse API',
        description:
          'Real-time revenue analytics. All amounts are integers in the minor units of the currency named beside them. ' +
          'Authenticate with `Authorization: Bearer rvp_…` (an API key) or the dashboard session cookie; name the workspace with `?workspace=ID` ' +
          '(an API key may omit it). Errors: `{ "error": { "code": "RVP_…", "message" } }`. See docs/api.md and docs/metrics.md.',
        version: options.version ?? '0.1.0',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: rvp_…' },
          session: { type: 'apiKey', in: 'cookie', name: 'rvp_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  void app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX });
}
