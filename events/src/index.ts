import type { AnyEventDeclaration } from './define-event';
import {
  deadlineEscalated,
  problemRecurred,
  reportConcluded,
  reportReceived,
  toleranceApproved,
} from './discipline-events';
import { feedbackRerated, feedbackSubmitted } from './feedback-submitted';
import { problemReported } from './problem-reported';
import { problemTransitioned } from './problem-transitioned';

export * from './define-event';
export * from './discipline-events';
export * from './envelope';
export * from './feedback-submitted';
export * from './problem-reported';
export * from './problem-transitioned';

/** Every event the platform knows. The contract test walks this list. */
export const catalogue: readonly AnyEventDeclaration[] = [
  feedbackSubmitted,
  feedbackRerated,
  problemReported,
  problemTransitioned,
  reportReceived,
  reportConcluded,
  problemRecurred,
  toleranceApproved,
  deadlineEscalated,
];
