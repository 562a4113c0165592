import { seedDemoIfEmpty } from '../../apps/api/src/demo/seed';
import { ROASTER } from '../../apps/api/src/demo/rebates';
import { createTestApp, TestApp } from '../support/app';

/** The demo on an empty database: the roaster, its company customers, accruals and statements at once. */
describe('rebate demo', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2027-11-30T10:00:00Z' });
  });
  afterAll(async () => t.close());

  it('creates the roaster with accrued agreements; the owner and a buyer see statements; verify is clean', async () => {
    const lines: string[] = [];
    const config = { publicUrl: 'http://localhost:3000' } as Parameters<typeof seedDemoIfEmpty>[1];
    await seedDemoIfEmpty(t.app, config, (l) => lines.push(l));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^rebate demo created: Demo Roastery with 3 company customers, 5 buyers, 2 agreements/,
        ),
        expect.stringContaining(ROASTER.owner.email),
        expect.stringContaining(ROASTER.buyer.email),
      ]),
    );
    const login = await t.http().post('/api/auth/staff/login').send(ROASTER.owner).expect(200);
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };
    const companies = await t.http().get('/api/rebates/companies').set(auth).expect(200);
    expect(companies.body.items).toHaveLength(3);
    const agreements = (await t.http().get('/api/rebates/agreements').set(auth).expect(200)).body.items as {
      id: string;
      name: string;
    }[];
    expect(agreements.map((a) => a.name)).toEqual(['Café Aurora volume rebate', 'Offices pooled rebate']);
    for (const [i, a] of agreements.entries()) {
      const s = await t.http().get(`/api/rebates/agreements/${a.id}/statement`).set(auth).expect(200);
      expect(s.body.statement.volume).toBeGreaterThan(2_500_000);
      expect(s.body.statement.accrued).toBeGreaterThan(0);
      expect(s.body.statement.projection).not.toBeNull();
      const preview = await t
        .http()
        .get(`/api/rebates/agreements/${a.id}/settlements/preview`)
        .set(auth)
        .expect(200);
      const runs = await t.http().get(`/api/rebates/agreements/${a.id}/scheduled-runs`).set(auth).expect(200);
      if (i === 0) {
        // Settled by hand: everything accrued is still to pay, no scheduled run.
        expect(preview.body).toMatchObject({ stage: 'interim', amount: s.body.statement.accrued });
        expect(runs.body.items).toEqual([]);
      } else {
        // Quarterly: the 1 October interim has paid everything accrued so far into store credit.
        expect(runs.body.items).toMatchObject([{ runKey: 'interim:2027-10-01', outcome: 'posted' }]);
        expect(s.body.statement.paid).toBe(s.body.statement.accrued);
        expect(preview.body).toMatchObject({ stage: 'interim', amount: 0 });
      }
    }
    // The offices' store credit: what the interim paid to Office Park, less the 50.00 Priya spent.
    const offices = (
      companies.body.items as { id: string; legalName: string; buyers: { memberId: string }[] }[]
    ).filter((c) => c.legalName !== 'Café Aurora GmbH');
    const docs = (
      await t.http().get(`/api/rebates/agreements/${agreements[1].id}/settlements`).set(auth).expect(200)
    ).body.items as { lines: { companyId: string; amount: number }[] }[];
    expect(docs).toHaveLength(1);
    // The logins line names Priya's member number for the counter.
    const officePark = (
      companies.body.items as { legalName: string; buyers: { memberNumber: string; name: string }[] }[]
    ).find((c) => c.legalName.startsWith('Office'))!;
    expect(officePark.buyers.find((x) => x.name === 'Priya Office')?.memberNumber).toBe('100003');
    for (const c of offices) {
      const line = docs[0].lines.find((l) => l.companyId === c.id)!.amount;
      const credit = await t
        .http()
        .get(`/api/store-credit?memberId=${c.buyers[0].memberId}`)
        .set(auth)
        .expect(200);
      expect(credit.body.companyId).toBe(c.id);
      expect(credit.body.balance).toBe(c.legalName.startsWith('Office') ? line - 5000 : line);
    }
    const overview = await t.http().get('/api/rebates/statements').set(auth).expect(200);
    expect(overview.body.items.map((s: { agreementName: string }) => s.agreementName)).toEqual([
      'Café Aurora volume rebate',
      'Offices pooled rebate',
    ]);
    for (const s of overview.body.items as {
      statement: { projection: { volume: number }; volume: number };
    }[])
      expect(s.statement.projection.volume).toBeGreaterThan(s.statement.volume);
    const buyer = await t
      .http()
      .post('/api/auth/member/login')
      .send({ business: ROASTER.slug, email: ROASTER.buyer.email, password: ROASTER.buyer.password });
    expect(buyer.status).toBe(200);
    const mine = await t
      .http()
      .get('/api/me/rebates')
      .set({ Authorization: `Bearer ${buyer.body.accessToken}` })
      .expect(200);
    expect(mine.body).toMatchObject({
      companyName: 'Café Aurora GmbH',
      agreements: [{ agreementId: agreements[0].id }],
    });
    const verify = await t.http().get('/api/rebates/verify').set(auth).expect(200);
    expect(verify.body).toEqual({ ok: true, periods: 2, violations: [] });
  });
});
