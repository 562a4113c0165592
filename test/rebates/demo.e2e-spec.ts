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
    for (const a of agreements) {
      const s = await t.http().get(`/api/rebates/agreements/${a.id}/statement`).set(auth).expect(200);
      expect(s.body.statement.volume).toBeGreaterThan(2_500_000);
      expect(s.body.statement.accrued).toBeGreaterThan(0);
      expect(s.body.statement.projection).not.toBeNull();
      const preview = await t
        .http()
        .get(`/api/rebates/agreements/${a.id}/settlements/preview`)
        .set(auth)
        .expect(200);
      expect(preview.body).toMatchObject({ stage: 'interim', amount: s.body.statement.accrued });
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
