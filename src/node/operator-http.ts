/**
 * The operator's HTTP endpoint (config `http.listen`, off by default; keep it on loopback or behind
 * the operator's own proxy): GET /metrics (Prometheus), GET / (the network view page, self-contained,
 * works offline) and GET /api/network (the subtree as JSON, what the page draws).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import { LienthongError } from '../domain/errors.js';
import type { NetworkView } from './network-view.js';

const PAGE_URL = new URL('../web/network-page.html', import.meta.url);

export interface OperatorHttp {
  port: number;
  close: () => Promise<void>;
}

export function serveOperatorHttp(listen: string, metrics: Registry, view: NetworkView, self: string, now: () => number): Promise<OperatorHttp> {
  let page: Buffer | null = null;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain' }).end('only GET\n');
      return;
    }
    if (path === '/metrics') {
      metrics.metrics().then(
        (text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text),
        (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${err.message}\n`),
      );
    } else if (path === '/api/network') {
      const body = JSON.stringify({ generatedAtMs: now(), self, nodes: view.subtree().map((n) => ({ ...n, ageMs: n.reportedAtMs ? now() - n.reportedAtMs : 0 })) });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(body);
    } else if (path === '/' || path === '/index.html') {
      try {
        page ??= readFileSync(PAGE_URL);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page);
      } catch {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('the network page is missing from this installation (dist/src/web/network-page.html): rebuild with `npm run build`\n');
      }
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /, /api/network or /metrics\n');
    }
  });
  const cut = listen.lastIndexOf(':');
  const host = listen.slice(0, cut).replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(new LienthongError('CONFIG_INVALID', `cannot serve HTTP on ${listen}: ${err.message}; change http.listen`, { cause: err })));
    server.listen(Number(listen.slice(cut + 1)), host, () => {
      resolve({
        port: (server.address() as { port: number }).port,
        close: () => new Promise<void>((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
      });
    });
  });
}

/** Whether `host:port` listens on this machine's loopback only (127.0.0.0/8, also IPv4-mapped, ::1, localhost). */
export function isLoopbackListen(listen: string): boolean {
  const host = listen.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1').toLowerCase().replace(/^::ffff:/, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
