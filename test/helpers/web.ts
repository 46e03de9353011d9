import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createWebApp, type WebDeps } from '../../src/adapters/web/server.js';
import { webDeps, type Runtime } from '../../src/runtime.js';

/** Starts the web console of a runtime on an ephemeral port of 127.0.0.1; returns its base URL and how to stop it. */
export async function startWeb(
  runtime: Runtime,
  options: Partial<Pick<WebDeps, 'adminToken' | 'routes' | 'components' | 'logStream' | 'logLevel'>> = {},
): Promise<{ app: FastifyInstance; base: string; close: () => Promise<void> }> {
  const app = createWebApp({ ...webDeps(runtime), ...options });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, close: () => app.close() };
}
