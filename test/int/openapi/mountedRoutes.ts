import type { Server } from 'node:http';

type RouteLike = Readonly<{ path: unknown; methods: Readonly<Record<string, boolean>> }>;
type LayerLike = Readonly<{
  route?: RouteLike;
  rawPath?: unknown;
  slash?: boolean;
  handle?: { stack?: readonly LayerLike[] };
}>;

export type MountedRoute = `${string} ${string}`;

const PARAMETER = /:([A-Za-z_][A-Za-z0-9_]*)/g;

/** Express 5 route paths (path-to-regexp v8) in OpenAPI form: `/v1/orders/:orderId` → `/v1/orders/{orderId}`. */
export const openApiPathOf = (expressPath: string): string => expressPath.replace(PARAMETER, '{$1}');

const routesOf = (stack: readonly LayerLike[], prefix: string): MountedRoute[] =>
  stack.flatMap((layer): MountedRoute[] => {
    if (layer.route !== undefined) {
      const { path, methods } = layer.route;
      if (typeof path !== 'string') throw new Error(`A route with a non-string path: ${String(path)}`);
      return Object.keys(methods)
        .filter((method) => method !== '_all' && methods[method] === true)
        .map((method): MountedRoute => `${method.toUpperCase()} ${openApiPathOf(prefix + path)}`);
    }
    const nested = layer.handle?.stack;
    if (nested === undefined) return [];
    if (layer.slash !== true && typeof layer.rawPath !== 'string') {
      throw new Error('A router mounted on a pattern: extend mountedRoutes to read its prefix');
    }
    return routesOf(nested, prefix + (layer.slash === true ? '' : String(layer.rawPath)));
  });

/** Every route the running process's Express app mounts, walking nested routers. */
export const mountedRoutes = (server: Server): MountedRoute[] => {
  const app = server.listeners('request')[0] as { router?: { stack: readonly LayerLike[] } } | undefined;
  if (app?.router === undefined) throw new Error('The server has no Express 5 app');
  return [...new Set(routesOf(app.router.stack, ''))].sort();
};
