import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIONS, can, PERMISSIONS, Role } from '../../packages/core/src';
import { permissionsMarkdown } from '../../scripts/gen-permissions';
import { allRoutes } from '../../services/registry';

describe('the permission matrix', () => {
  it('is what docs/permissions.md says (regenerate with npm run docs:permissions)', () => {
    expect(readFileSync(join(__dirname, '../../docs/permissions.md'), 'utf8')).toBe(permissionsMarkdown());
  });

  it('gives every staff route an action of the matrix, and no public route one', () => {
    for (const r of allRoutes()) {
      if (r.auth === 'staff') expect(ACTIONS).toContain(r.action);
      else expect(r.action).toBeUndefined();
    }
  });

  it('keeps county roles to county actions and township roles out of them', () => {
    for (const a of ACTIONS) {
      const county = a.startsWith('county.');
      for (const role of Role.options) {
        if (role === 'county_admin' && a !== 'profile.read') expect(can([role], a)).toBe(county);
        if (role !== 'county_admin' && county) expect(can([role], a)).toBe(false);
      }
    }
  });

  it('leaves no action without a role, and every action described in both languages', () => {
    for (const a of ACTIONS) {
      expect(PERMISSIONS[a].roles.length).toBeGreaterThan(0);
      expect(PERMISSIONS[a].zh).toMatch(/[\u4e00-\u9fff]/);
      expect(PERMISSIONS[a].en).toMatch(/[a-z]/i);
    }
  });
});
