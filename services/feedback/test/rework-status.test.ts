import { isSatisfied, type Rating } from '@zuofeng/events';
import {
  type CaseFacts,
  PUBLIC_STATE_ZH,
  publicLabelOf,
  publicStateOf,
  REWORK_REQUESTED_ZH,
} from '../src/domain/case-status';

const RATINGS: Rating[] = [
  'very_satisfied',
  'satisfied',
  'basically_satisfied',
  'dissatisfied',
  'very_dissatisfied',
];

describe('the receipt right after a re-rating', () => {
  it('reads as going back to rework after 不满意 or worse, never as awaiting sign-off', () => {
    for (const rating of RATINGS.filter((r) => !isSatisfied(r))) {
      const facts: CaseFacts = { hasComplaint: true, problemState: 'submitted', reratedThisRound: rating };
      expect(publicStateOf(facts)).toBe('rework');
      expect(publicLabelOf(facts)).toBe(REWORK_REQUESTED_ZH);
      expect(publicLabelOf(facts)).toContain('退回重新整改');
      expect(publicLabelOf(facts)).not.toContain('验收销号');
    }
  });

  it('keeps awaiting sign-off after a satisfied re-rating', () => {
    for (const rating of RATINGS.filter(isSatisfied)) {
      const facts: CaseFacts = { hasComplaint: true, problemState: 'submitted', reratedThisRound: rating };
      expect(publicStateOf(facts)).toBe('awaiting_signoff');
      expect(publicLabelOf(facts)).toBe(PUBLIC_STATE_ZH.awaiting_signoff);
    }
  });

  it('uses the normal rework wording once intake’s rework transition has arrived', () => {
    for (const problemState of ['rejected', 'reopened'] as const) {
      const facts: CaseFacts = { hasComplaint: true, problemState };
      expect(publicStateOf(facts)).toBe('rework');
      expect(publicLabelOf(facts)).toBe(PUBLIC_STATE_ZH.rework);
    }
  });
});
