import { defineRoute } from '@zuofeng/http';
import { z } from 'zod';

export const Notice = z.object({
  noticeId: z.string(),
  role: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().optional(),
  createdAt: z.string(),
});

export const listInboxRoute = defineRoute({
  operationId: 'listInbox',
  method: 'GET',
  path: '/inbox',
  summary: "The caller's in-app inbox: notices addressed to any of their roles in their township",
  auth: 'staff',
  action: 'inbox.read',
  query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(30) }),
  response: z.object({ items: z.array(Notice) }),
});

export const routes = [listInboxRoute] as const;
