import type { Rating } from '@zuofeng/events';

/** The seed's three criteria for the public's judgement. */
export const QUESTIONS = [
  { id: 'warmth', text: '党的温暖送到没有' },
  { id: 'solved', text: '群众反映的问题解决没有' },
  { id: 'happiness', text: '老百姓幸福感和获得感增强没有' },
] as const;

/** The national 好差评 five-level scale, best first. */
export const SCALE: { value: Rating; label: string }[] = [
  { value: 'very_satisfied', label: '非常满意' },
  { value: 'satisfied', label: '满意' },
  { value: 'basically_satisfied', label: '基本满意' },
  { value: 'dissatisfied', label: '不满意' },
  { value: 'very_dissatisfied', label: '非常不满意' },
];
