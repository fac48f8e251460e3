import { decideToleranceRoute } from '../src/contract';
import { mayApply, mayDecide } from '../src/domain/tolerance';

const problem = { problemId: '01KPROBLEM', personId: 'p-cadre', responsibleLeaderId: 'p-leader' };

describe('who may apply for error tolerance', () => {
  it('is the problem’s subject or its responsible leader', () => {
    expect(mayApply(problem, 'p-cadre')).toEqual({ ok: true });
    expect(mayApply(problem, 'p-leader')).toEqual({ ok: true });
  });

  it('is nobody else (403), and needs an account linked to a person (400)', () => {
    expect(mayApply(problem, 'p-other')).toMatchObject({ ok: false, status: 403, field: 'body.problemId' });
    expect(mayApply(problem, undefined)).toMatchObject({ ok: false, status: 400 });
    expect(mayApply({ problemId: 'x' }, 'p-cadre')).toMatchObject({ ok: false, status: 403 });
  });
});

describe('a decision', () => {
  it('is taken once, on a pending application', () => {
    expect(mayDecide({ status: 'pending', applicantUserId: 'u1' }, 'u2')).toEqual({ ok: true });
    expect(mayDecide({ status: 'approved', applicantUserId: 'u1' }, 'u2')).toMatchObject({ status: 409 });
    expect(mayDecide({ status: 'rejected', applicantUserId: 'u1' }, 'u2')).toMatchObject({ status: 409 });
  });

  it('is never taken by the applicant', () => {
    expect(mayDecide({ status: 'pending', applicantUserId: 'u1' }, 'u1')).toMatchObject({ status: 403 });
  });

  it('needs reasons and a yes or no, each named when missing', () => {
    const r = decideToleranceRoute.body!.safeParse({ approve: 'yes', reasons: '' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['approve', 'reasons']);
  });
});
