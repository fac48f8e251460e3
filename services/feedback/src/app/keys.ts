import { tenantPk } from '@zuofeng/ddb';

/** The feedback service's own records. */
export const feedbackKeys = {
  link: (tenantId: string, linkId: string) => ({ pk: tenantPk(tenantId), sk: `FORMLINK#${linkId}` }),
  feedbackPartition: (tenantId: string) => tenantPk(tenantId, 'FB'),
  feedback: (tenantId: string, feedbackId: string) => ({
    pk: tenantPk(tenantId, 'FB'),
    sk: `FB#${feedbackId}`,
  }),
  /** Receipt code → feedback id, so a resident can track a case with the code alone (issue 5). */
  receipt: (tenantId: string, code: string) => ({ pk: tenantPk(tenantId, 'FBCODE'), sk: code }),
};

export interface FormLinkRecord {
  linkId: string;
  unitId: string;
  revoked?: boolean;
  /** ISO time after which the link stops accepting submissions. */
  validUntil?: string;
}
