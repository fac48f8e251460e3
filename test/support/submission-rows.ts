import { auditKeys, tenantPk } from '@zuofeng/ddb';
import { feedbackKeys } from '../../services/feedback/src/app/keys';
import { until } from './runtime';

type Counts = { count: (pk: string, filter?: (item: Record<string, unknown>) => boolean) => Promise<number> };

/**
 * What residents' submissions have written in a township, counted: feedback rows, receipt codes,
 * feedback.submitted outbox rows, feedback.submit audit entries, used proofs (challenges and tickets) and
 * idempotency records. The audit entries follow from the events (services/feedback/src/app/public-audit.ts),
 * so the count waits until the chain holds one per stored submission. (Consumers write their own rows in the
 * same tenant as events arrive; only the feedback service's are counted.)
 */
export async function submissionRows(t: Counts, tenantId: string) {
  const feedback = await t.count(feedbackKeys.feedbackPartition(tenantId));
  // After a burst, the township's consumers (this audit entry, intake's problems, the notices) all queue on the
  // one chain head: `until` waits as long as that takes on a shared DynamoDB Local.
  const audit = await until('an audit entry for every stored submission', async () => {
    const n = await t.count(auditKeys.partition(tenantId), (i) => i.action === 'feedback.submit');
    return n === feedback ? n : undefined;
  });
  return {
    feedback,
    receipts: await t.count(tenantPk(tenantId, 'FBCODE')),
    outbox: await t.count(tenantPk(tenantId, 'OUTBOX'), (i) => i.detailType === 'feedback.submitted'),
    audit,
    nonces: await t.count(tenantPk(tenantId, 'ALTCHA')),
    idempotency: await t.count(tenantPk(tenantId, 'IDEM')),
  };
}
