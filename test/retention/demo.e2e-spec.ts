import { seedRetentionHistory } from '../../apps/api/src/demo/retention-history';
import { createTestApp, TestApp } from '../support/app';
import { makeBusiness } from '../support/factories';

/** The demo café's history makes every retention report show something on a first start. */
describe('retention: demo history', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-03-02T09:00:00Z' });
  });
  afterAll(async () => t.close());

  it('feeds the lost, review, call list and why reports', async () => {
    const b = await makeBusiness(t);
    const summary = await seedRetentionHistory(t.app, b.id, b.ownerId);
    expect(summary.customers).toBe(320);
    expect(summary.calls).toBe(8);
    const imports = await t.http().get('/api/imports').set(b.auth).expect(200);
    expect(imports.body.items).toEqual([
      expect.objectContaining({ state: 'completed', rowsRejected: 0, purchasesImported: summary.purchases }),
    ]);
    const lost = await t.http().get('/api/retention/lost').set(b.auth).expect(200);
    expect(lost.body.totals.lost).toBeGreaterThan(10);
    // The made-up history is not BG/NBD-like (fixed rhythms, sudden stops): the library refuses the fit and says why.
    expect(lost.body.method).toBe('fallback');
    expect(lost.body.modelReasons.join(' ')).toMatch(/boundary of the parameter space/);
    const review = await t.http().get('/api/retention/review').set(b.auth).expect(200);
    expect(review.body.alerts.aovFallingBusiness).toHaveLength(1);
    expect(review.body.alerts.dryingUp.length).toBeGreaterThan(0);
    expect(review.body.alerts.categoryDropped.length).toBeGreaterThan(0);
    // The demo's dropped range is the bakery (the alerts come in customer order, so any of them).
    expect(
      review.body.alerts.categoryDropped.map((a: { evidence: { category: string } }) => a.evidence.category),
    ).toContain('bakery');
    expect(review.body.concentration.share).toBeGreaterThan(0.2);
    expect(review.body.cohorts.length).toBeGreaterThan(6);
    const atRisk = await t.http().get('/api/retention/at-risk').set(b.auth).expect(200);
    expect(atRisk.body.customers.length).toBeGreaterThan(5);
    const why = await t.http().get('/api/retention/why').set(b.auth).expect(200);
    expect(why.body).toMatchObject({ called: 8, reached: 7, wonBack: 1 });
    expect(why.body.reasons.map((r: { reason: string }) => r.reason)).toContain('price');
  });
});
