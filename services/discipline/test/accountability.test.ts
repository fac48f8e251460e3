import { accountabilityRecords, type Recurrence } from '../src/domain/accountability';

const recurrence: Recurrence = {
  problemId: '01KNEW',
  earlierProblemId: '01KOLD',
  reason: 'same-subject-and-aspect',
  unitId: 'u-dongcun',
  personId: 'p-cadre',
  responsibleLeaderId: 'p-leader',
  aspectId: 'conduct',
};

let n = 0;
const newId = () => `R${++n}`;

describe('一犯再犯: accountability records of a recurrence', () => {
  it('holds both the party and the responsible leader to account', () => {
    const records = accountabilityRecords(recurrence, '2026-03-02T00:00:00.000Z', newId);
    expect(records).toHaveLength(2);
    expect(records.map((r) => [r.role, r.subjectPersonId])).toEqual([
      ['party', 'p-cadre'],
      ['leader', 'p-leader'],
    ]);
    for (const r of records) {
      expect(r).toMatchObject({
        problemId: '01KNEW',
        earlierProblemId: '01KOLD',
        reason: 'same-subject-and-aspect',
        createdAt: '2026-03-02T00:00:00.000Z',
      });
    }
    expect(new Set(records.map((r) => r.recordId)).size).toBe(2);
  });

  it('creates a record only for someone it can name', () => {
    const { personId: _p, ...unitOnly } = recurrence;
    expect(accountabilityRecords(unitOnly, 'now', newId).map((r) => r.role)).toEqual(['leader']);
    const { responsibleLeaderId: _l, ...noLeader } = recurrence;
    expect(accountabilityRecords(noLeader, 'now', newId).map((r) => r.role)).toEqual(['party']);
    expect(accountabilityRecords({ ...unitOnly, responsibleLeaderId: undefined }, 'now', newId)).toEqual([]);
  });
});
