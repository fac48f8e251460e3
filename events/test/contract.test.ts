import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue, feedbackSubmitted, problemReported } from '../src';

const fixturesDir = join(__dirname, '../fixtures');
const fixtures = readdirSync(fixturesDir).filter((f) => f.endsWith('.json'));

describe('event catalogue', () => {
  it('has exactly one fixture per declared event, named after its detail-type', () => {
    expect(fixtures.sort()).toEqual(catalogue.map((e) => `${e.detailType}.json`).sort());
  });

  it('declares each detail-type once, lower-case, dotted and in the past tense', () => {
    const types = catalogue.map((e) => e.detailType);
    expect(new Set(types).size).toBe(types.length);
    for (const t of types) expect(t).toMatch(/^[a-z]+(\.[a-z-]+)+ed$/);
  });

  it.each(catalogue.map((e) => [e.detailType, e] as const))(
    '%s: its fixture parses against its schema',
    (type, decl) => {
      const fixture = JSON.parse(readFileSync(join(fixturesDir, `${type}.json`), 'utf8'));
      expect(decl.parse(fixture).metadata.eventId).toBe(fixture.metadata.eventId);
    },
  );

  it('refuses an envelope without a tenant, and one of another version', () => {
    const fixture = JSON.parse(readFileSync(join(fixturesDir, 'problem.reported.json'), 'utf8'));
    const { tenantId: _t, ...noTenant } = fixture.metadata;
    expect(() => problemReported.parse({ ...fixture, metadata: noTenant })).toThrow();
    expect(() =>
      problemReported.parse({ ...fixture, metadata: { ...fixture.metadata, version: 2 } }),
    ).toThrow();
  });

  it('create() stamps the metadata envelope and rejects data that breaks the schema', () => {
    const ctx = {
      tenantId: 'twp-test',
      actor: { type: 'system' as const, id: 'test' },
      correlationId: 'c-1',
    };
    const e = feedbackSubmitted.create(ctx, {
      feedbackId: 'f1',
      unitId: 'u1',
      formLinkId: 'l1',
      ratings: { warmth: 'satisfied', solved: 'satisfied', happiness: 'satisfied' },
    });
    expect(e.metadata).toMatchObject({ tenantId: 'twp-test', correlationId: 'c-1', version: 1 });
    expect(e.metadata.eventId).toMatch(/^[0-9A-Z]{26}$/);
    expect(() =>
      feedbackSubmitted.create(ctx, {
        feedbackId: 'f1',
        unitId: 'u1',
        formLinkId: 'l1',
        ratings: { warmth: 'meh' },
      } as never),
    ).toThrow();
  });
});
