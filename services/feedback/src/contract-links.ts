import type { RouteDef } from '@zuofeng/http';

/** Contracts of the routes in adapters/routes-links.ts. */
export const linkRouteDefs: RouteDef[] = [];
