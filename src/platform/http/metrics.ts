import type { HttpServer } from './http-server.ts';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** One registry per server (no process-wide default), with request timings by route. */
export function createMetrics(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ringmaster_' });
  return registry;
}

export function instrumentRequests(app: HttpServer, registry: Registry): void {
  const duration = new Histogram({
    name: 'ringmaster_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL, keeps label cardinality bounded.
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
}
