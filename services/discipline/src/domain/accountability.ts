/**
 * 一犯再犯: "既追究当事人责任，又追究主管领导责任". A recurrence holds both to account: one record for the
 * person the problem is about (the party, 当事人) and one for the responsible leader (主管领导). Pure.
 */

export type RecurrenceReason = 'same-subject-and-aspect' | 'reopened';

export interface Recurrence {
  problemId: string;
  earlierProblemId: string;
  reason: RecurrenceReason;
  unitId: string;
  personId?: string;
  responsibleLeaderId?: string;
  aspectId?: string;
}

export interface AccountabilityRecord {
  recordId: string;
  problemId: string;
  earlierProblemId: string;
  unitId: string;
  subjectPersonId: string;
  role: 'party' | 'leader';
  reason: RecurrenceReason;
  createdAt: string;
}

/** The records a recurrence creates: the party's and the leader's, each only when that person is known. */
export function accountabilityRecords(
  r: Recurrence,
  createdAt: string,
  newId: () => string,
): AccountabilityRecord[] {
  const subjects: [string | undefined, AccountabilityRecord['role']][] = [
    [r.personId, 'party'],
    [r.responsibleLeaderId, 'leader'],
  ];
  return subjects.flatMap(([subjectPersonId, role]) =>
    subjectPersonId
      ? [
          {
            recordId: newId(),
            problemId: r.problemId,
            earlierProblemId: r.earlierProblemId,
            unitId: r.unitId,
            subjectPersonId,
            role,
            reason: r.reason,
            createdAt,
          },
        ]
      : [],
  );
}
