import type { z } from 'zod';
import type { PostType, Settings, UnitType } from '../contract';

/** The plan's four aspects, the "四问", as every new township starts with them. */
export const DEFAULT_ASPECTS = [
  { id: 'stance', name: '思想站位' },
  { id: 'planning', name: '研究谋划' },
  { id: 'methods', name: '方法路径' },
  { id: 'conduct', name: '能力作风' },
];

export function defaultSettings(now: Date): z.infer<typeof Settings> {
  return {
    campaignYear: Number(new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 4)),
    aspects: DEFAULT_ASPECTS,
    // 好差评 practice: a bad review is rectified within 5–15 working days; 12345: chase at the due date.
    deadlines: {
      rectifyWorkingDays: 15,
      warnBeforeWorkingDays: 3,
      superviseAfterWorkingDays: 5,
      followUpWindowDays: 15,
    },
    calendarOverrides: [],
    version: 0,
  };
}

export const POST_TYPE_ZH: Record<z.infer<typeof PostType>, string> = {
  village_cadre: '村组干部',
  office_cadre: '机关干部',
  station_head: '站所负责人',
  leadership_member: '领导班子成员',
  branch_secretary: '村党支部书记',
};

export const UNIT_TYPE_ZH: Record<z.infer<typeof UnitType>, string> = {
  village: '村',
  office: '机关科室',
  station: '站所',
};

/** 138****0000: enough to recognise a number, not to call it. */
export const maskPhone = (phone: string | undefined): string | undefined =>
  phone ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : undefined;
