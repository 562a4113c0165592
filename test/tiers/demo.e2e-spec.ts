import { createTestApp, TestApp } from '../support/app';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../apps/api/src/config/config';
import { DEMO, seedDemoIfEmpty } from '../../apps/api/src/demo/seed';

/** The demo café (npm start on an empty database) has a tier program with members in each tier. */
describe('demo tiers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-11-30T10:00:00Z' });
  });
  afterAll(async () => t.close());

  it('puts demo members in Member, Silver and Gold; the counter and /me show them', async () => {
    const said: string[] = [];
    await seedDemoIfEmpty(t.app, t.app.get(AppConfig), (l) => said.push(l));
    expect(said).toContain('demo tiers: Member 1, Silver 2, Gold 2');
    const login = await t
      .http()
      .post('/api/auth/staff/login')
      .send({ email: DEMO.cashier.email, password: DEMO.cashier.password })
      .expect(200);
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };
    const tiers: Record<string, string> = {};
    for (const n of ['100001', '100002', '100003', '100004', '100005']) {
      const s = await t.http().post('/api/scan').set(auth).send({ memberNumber: n }).expect(200);
      tiers[n] = s.body.tier?.id;
    }
    expect(tiers).toEqual({
      '100001': 'member',
      '100002': 'silver',
      '100003': 'silver',
      '100004': 'gold',
      '100005': 'gold',
    });
    const ana = await t.http().post('/api/scan').set(auth).send({ memberNumber: '100001' }).expect(200);
    expect(ana.body.tier.progress[0].text).toBe('€3.10 more spend by 31 Dec 2026 to reach Silver');
    const me = await t
      .http()
      .post('/api/auth/member/login')
      .send({ business: DEMO.slug, email: DEMO.member.email, password: DEMO.member.password })
      .expect(200);
    const mine = await t
      .http()
      .get('/api/me/loyalty')
      .set({ Authorization: `Bearer ${me.body.accessToken}` })
      .expect(200);
    expect(mine.body.tier).toMatchObject({ id: 'member', name: 'Member', until: null });
    expect(mine.body.tier.progress[0].text).toBe('€3.10 more spend by 31 Dec 2026 to reach Silver');
    // The Gold-only reward is locked for Ana with the reason; on the scan too.
    const cake = mine.body.rewards.find((r: { name: string }) => r.name === 'Gold: cake on the house');
    expect(cake).toMatchObject({ available: false, locked: 'For Gold members' });
    expect(ana.body.rewardsLocked).toEqual([expect.objectContaining({ reason: 'For Gold members' })]);
    // The club: Ben, Dmitri and Emma are in; Ana can join on /me.
    const owner = await t
      .http()
      .post('/api/auth/staff/login')
      .send({ email: DEMO.owner.email, password: DEMO.owner.password })
      .expect(200);
    const oauth = { Authorization: `Bearer ${owner.body.accessToken}` };
    const club = await t.http().get('/api/club').set(oauth).expect(200);
    expect(club.body).toMatchObject({ club: { name: 'Café Insiders' }, counts: { active: 3 } });
    const myClub = await t
      .http()
      .get('/api/me/club')
      .set({ Authorization: `Bearer ${me.body.accessToken}` })
      .expect(200);
    expect(myClub.body).toMatchObject({ club: { access: 'open' }, membership: { status: 'none' } });
    // Chloé's birthday is today: her Silver birthday bonus is in her history.
    const chloe = await t.http().post('/api/scan').set(auth).send({ memberNumber: '100003' }).expect(200);
    const posted = (await t.app
      .get(DataSource)
      .query(`SELECT reason FROM ledger_transactions WHERE idempotency_key LIKE $1`, [
        `birthday:${chloe.body.member.id}:%`,
      ])) as { reason: string }[];
    expect(posted).toEqual([{ reason: 'Happy birthday from Silver' }]);
  });
});
