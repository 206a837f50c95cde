// Builds the dashboard from web/ into web/dist (served by the API server) and, in development,
// proxies the API, webhooks, health check and the live WebSocket to the server.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.REVPULSE_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  // Shared with the server: the read side's response contracts (src/read/*/contract.ts) and the
  // one date module (src/core/dates.ts).
  resolve: {
    alias: {
      '@read': fileURLToPath(new URL('../src/read', import.meta.url)),
      '@core': fileURLToPath(new URL('../src/core', import.meta.url)),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: {
      // The WebSocket entry must come before the broader /v1 entry.
      '/v1/live': { target: api, ws: true },
      '/v1': api,
      '/webhooks': api,
      '/healthz': api,
      '/auth': api, // single sign-on's browser links (docs/sso.md)
    },
  },
});
