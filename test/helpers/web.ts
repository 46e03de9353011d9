import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createWebServer } from '../../src/adapters/web/server.js';
import { webDeps, type Runtime } from '../../src/runtime.js';

/** Starts the web console of a runtime on an ephemeral port of 127.0.0.1; returns its base URL. */
export async function startWeb(runtime: Runtime, options: { adminToken?: string } = {}): Promise<{ server: Server; base: string }> {
  const server = createWebServer(webDeps(runtime, { adminToken: options.adminToken }));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
