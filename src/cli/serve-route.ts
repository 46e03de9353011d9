import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * Serves one POST route on host:port (a bot's webhook or events endpoint, when a front end runs alone);
 * everything else is 404.
 */
export async function serveRoute(path: string, handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>, host: string, port: number, log: (m: string) => void): Promise<void> {
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url?.split('?')[0] === path) {
      handle(req, res).catch((error: Error) => {
        log(`${path}: ${error.message}`);
        if (!res.headersSent) res.writeHead(500).end();
      });
      return;
    }
    res.writeHead(404).end();
  });
  server.listen(port, host);
  await once(server, 'listening');
  log(`Listening on http://${host}:${port}${path}`);
}
