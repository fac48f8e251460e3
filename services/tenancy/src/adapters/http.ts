import { createLogger } from '@zuofeng/core';
import { buildHttpHandler, implement } from '@zuofeng/http';
import { nationalCalendarThrough } from '@zuofeng/intake/src/domain/working-days';
import { inviteAccount, listAccounts, setAccountEnabled } from '../app/accounts';
import { listAudit, me, verifyAudit } from '../app/me-and-audit';
import {
  createPerson,
  createUnit,
  importPeople,
  listPeople,
  listUnits,
  updatePerson,
  updateUnit,
} from '../app/org';
import { getSettings, putSettings } from '../app/settings';
import {
  applyAsTownship,
  approveApplication,
  createTownship,
  listApplications,
  listTownships,
  rejectApplication,
  setTownshipStatus,
} from '../app/townships';
import * as c from '../contract';
import { deps } from './deps';

export const handler = buildHttpHandler({
  service: 'tenancy',
  logger: createLogger('tenancy'),
  doc: deps.doc,
  tableName: deps.tableName,
  routes: [
    implement(c.meRoute, async ({ principal }) => me(deps, principal)),
    // county
    implement(c.listTownshipsRoute, async ({ principal }) => listTownships(deps, principal.tenantId)),
    implement(c.createTownshipRoute, async ({ principal, body }) => createTownship(deps, principal, body)),
    implement(c.suspendTownshipRoute, async ({ principal, params }) =>
      setTownshipStatus(deps, principal, params.townshipId, 'suspended'),
    ),
    implement(c.activateTownshipRoute, async ({ principal, params }) =>
      setTownshipStatus(deps, principal, params.townshipId, 'active'),
    ),
    implement(c.listApplicationsRoute, async ({ principal }) => listApplications(deps, principal.tenantId)),
    implement(c.approveApplicationRoute, async ({ principal, params, body }) =>
      approveApplication(deps, principal, params.applicationId, body.adminUsername),
    ),
    implement(c.rejectApplicationRoute, async ({ principal, params, body }) =>
      rejectApplication(deps, principal, params.applicationId, body.reason),
    ),
    implement(c.applyRoute, async ({ params, body }) => applyAsTownship(deps, params.countyId, body)),
    // township
    implement(c.getSettingsRoute, async ({ principal }) => ({
      ...(await getSettings(deps, principal.tenantId)),
      nationalCalendarThrough,
    })),
    implement(c.putSettingsRoute, async ({ principal, body }) => ({
      ...(await putSettings(deps, principal, body)),
      nationalCalendarThrough,
    })),
    implement(c.listUnitsRoute, async ({ principal }) => listUnits(deps, principal.tenantId)),
    implement(c.createUnitRoute, async ({ principal, body }) => createUnit(deps, principal, body)),
    implement(c.updateUnitRoute, async ({ principal, params, body }) =>
      updateUnit(deps, principal, params.unitId, body),
    ),
    implement(c.listPeopleRoute, async ({ principal, query }) => listPeople(deps, principal.tenantId, query)),
    implement(c.createPersonRoute, async ({ principal, body }) => createPerson(deps, principal, body)),
    implement(c.updatePersonRoute, async ({ principal, params, body }) =>
      updatePerson(deps, principal, params.personId, body),
    ),
    implement(c.importPeopleRoute, async ({ principal, body }) => importPeople(deps, principal, body)),
    implement(c.listAccountsRoute, async ({ principal }) => listAccounts(deps, principal.tenantId)),
    implement(c.inviteAccountRoute, async ({ principal, body }) => inviteAccount(deps, principal, body)),
    implement(c.disableAccountRoute, async ({ principal, params }) =>
      setAccountEnabled(deps, principal, params.accountId, false),
    ),
    implement(c.enableAccountRoute, async ({ principal, params }) =>
      setAccountEnabled(deps, principal, params.accountId, true),
    ),
    implement(c.listAuditRoute, async ({ principal, query }) => listAudit(deps, principal.tenantId, query)),
    implement(c.verifyAuditRoute, async ({ principal }) => verifyAudit(deps, principal.tenantId)),
  ],
});
