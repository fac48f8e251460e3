import { readConfig } from '@zuofeng/core';
import { z } from 'zod';
import { publicBaseUrl } from '../app/links';

// Read once at cold start. Without it, links are built on the host the request came to.
const config = readConfig(z.object({ PUBLIC_BASE_URL: z.url().optional() }));

/** Where residents open form links: the deployment's public origin, else the request's own host. */
export const base = (headers: Record<string, string | undefined>) =>
  publicBaseUrl(config.PUBLIC_BASE_URL, headers);
