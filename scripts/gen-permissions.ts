/**
 * Generate docs/permissions.md from the permission matrix and the routes that enforce it, so the document
 * cannot drift: `npm run docs:permissions` writes it, and a test fails when the committed copy is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIONS, PERMISSIONS, Role } from '../packages/core/src';
import { allRoutes } from '../services/registry';

const ROLE_ZH: Record<string, string> = {
  county_admin: '县活动办',
  township_admin: '镇活动办',
  discipline_office: '镇纪委办',
  inspection_office: '镇督查办',
  leader: '领导',
  cadre: '干部',
};

export function permissionsMarkdown(): string {
  const roles = Role.options;
  const lines = [
    '# Permissions (role × action)',
    '',
    'Generated from `packages/core/src/permissions.ts` by `npm run docs:permissions`; do not edit by hand.',
    'Every staff route names one action; the HTTP layer refuses a role without it (403), and a route without',
    'an action is refused to everyone. The tenant always comes from the verified token.',
    '',
    `| action | ${roles.map((r) => `${r}<br/>${ROLE_ZH[r]}`).join(' | ')} | what |`,
    `|---|${roles.map(() => ':-:').join('|')}|---|`,
    ...ACTIONS.map((a) => {
      const p = PERMISSIONS[a];
      const allowed = p.roles as readonly string[];
      return `| \`${a}\` | ${roles.map((r) => (allowed.includes(r) ? '✓' : '')).join(' | ')} | ${p.en} / ${p.zh} |`;
    }),
    '',
    '## Routes',
    '',
    '| route | action |',
    '|---|---|',
    ...allRoutes().map(
      (r) =>
        `| \`${r.method} ${r.path}\` | ${r.auth === 'public' ? 'public (no token)' : `\`${r.action ?? '(none: refused)'}\``} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

if (require.main === module) {
  writeFileSync(join(__dirname, '../docs/permissions.md'), permissionsMarkdown());
  console.log('wrote docs/permissions.md');
}
