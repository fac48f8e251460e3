import type { Role } from '@zuofeng/core';
import type { TenantProfile, UnitRecord } from '@zuofeng/ddb';

/** The demo county that `npm start` seeds on first start: one county office, two townships. */
export const DEMO_COUNTY: TenantProfile = {
  tenantId: 'cty-demo',
  name: '示范县',
  tenantType: 'county',
  status: 'active',
};

export const DEMO_TOWNSHIPS: (TenantProfile & { units: UnitRecord[] })[] = [
  {
    tenantId: 'twp-qingshan',
    name: '青山镇',
    tenantType: 'township',
    countyId: 'cty-demo',
    status: 'active',
    units: [
      { unitId: 'u-dongcun', name: '东村', unitType: 'village' },
      { unitId: 'u-xicun', name: '西村', unitType: 'village' },
      { unitId: 'u-dangzhengban', name: '党政办', unitType: 'office' },
      { unitId: 'u-minzhengsuo', name: '民政所', unitType: 'station' },
    ],
  },
  {
    tenantId: 'twp-baishui',
    name: '白水镇',
    tenantType: 'township',
    countyId: 'cty-demo',
    status: 'active',
    units: [
      { unitId: 'u-nancun', name: '南村', unitType: 'village' },
      { unitId: 'u-beicun', name: '北村', unitType: 'village' },
      { unitId: 'u-nongyezhan', name: '农业服务站', unitType: 'station' },
    ],
  },
];

export interface DemoUser {
  username: string;
  sub: string;
  tenantId: string;
  roles: Role[];
  name: string;
}

/** The password of every demo user. The dev identity provider exists only in the local runtime. */
export const DEMO_PASSWORD = 'zuofeng';

const ROLE_ZH: Record<Role, string> = {
  county_admin: '县活动办',
  township_admin: '镇活动办',
  discipline_office: '镇纪委办',
  inspection_office: '镇督查办',
  leader: '领导班子成员',
  cadre: '机关干部',
};

const township = (prefix: string, tenantId: string, town: string): DemoUser[] =>
  (
    [
      ['admin', 'township_admin'],
      ['discipline', 'discipline_office'],
      ['inspection', 'inspection_office'],
      ['leader', 'leader'],
      ['cadre', 'cadre'],
    ] as const
  ).map(([suffix, role]) => ({
    username: `${prefix}.${suffix}`,
    sub: `usr-${prefix}-${suffix}`,
    tenantId,
    roles: [role],
    name: `${town}${ROLE_ZH[role]}`,
  }));

export const DEMO_USERS: DemoUser[] = [
  {
    username: 'county.admin',
    sub: 'usr-county-admin',
    tenantId: 'cty-demo',
    roles: ['county_admin'],
    name: '示范县县活动办',
  },
  ...township('qingshan', 'twp-qingshan', '青山镇'),
  ...township('baishui', 'twp-baishui', '白水镇'),
];

/** One form link per unit, with fixed ids so the printed demo links stay the same across restarts. */
export const demoLinkId = (unitIndex: number, townshipIndex: number): string =>
  `01K0SEED${String(townshipIndex).padStart(4, '0')}${String(unitIndex).padStart(14, '0')}`;

/** Feedback the seed submits through the real use case, so events flow and every view has data. */
export const DEMO_FEEDBACK: { tenantId: string; unitIndex: number; complaint?: string; bad?: boolean }[] = [
  {
    tenantId: 'twp-qingshan',
    unitIndex: 0,
    complaint: '村口路灯坏了三个月，反映过两次还没人来修。',
    bad: true,
  },
  { tenantId: 'twp-qingshan', unitIndex: 3, complaint: '低保复核材料要跑三趟，能不能一次告知清楚？' },
  { tenantId: 'twp-qingshan', unitIndex: 1 },
  { tenantId: 'twp-baishui', unitIndex: 0, complaint: '灌溉水渠堵了，雨季前希望清理一下。', bad: true },
  { tenantId: 'twp-baishui', unitIndex: 2 },
];
