import { createLogger } from '@zuofeng/core';
import { buildHttpHandler, implement } from '@zuofeng/http';
import { listInbox } from '../app/inbox';
import { callerPersonId } from '../app/rerating';
import { listInboxRoute } from '../contract';
import { deps } from './deps';

export const handler = buildHttpHandler({
  service: 'notification',
  doc: deps.doc,
  tableName: deps.tableName,
  logger: createLogger('notification'),
  routes: [
    implement(listInboxRoute, async ({ principal, query }) =>
      listInbox(
        deps,
        principal.tenantId,
        principal.roles,
        query.limit,
        await callerPersonId(deps, principal),
      ),
    ),
  ],
});
