import { createTestApp, TestApp } from '../support/app';
import { joinMember, makeBusiness } from '../support/factories';
import { CAFE_RULES, coffee, makeReward, publishRules, txn } from '../support/loyalty';

describe('member self-service', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-06-10T08:00:00Z' });
  });
  afterAll(async () => t.close());

  it('shows available, pending and soon-expiring points, stamp progress, affordable rewards and history with reasons', async () => {
    const b = await makeBusiness(t);
    await publishRules(t, b, { ...CAFE_RULES, pointsExpiry: { afterMonths: 1 } });
    const reward = await makeReward(t, b, {
      name: 'Cookie',
      cost: { kind: 'points', points: 10 },
      benefit: { kind: 'free_item', sku: 'COOKIE', description: 'A cookie', maxValue: 250 },
    });
    const j = await joinMember(t, b.slug, {
      firstName: 'Ida',
      email: 'ida@example.test',
      password: 'member pass 7',
    });
    const auth = j.auth;
    const payload = j.card.payload;
    await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({
        transactionId: txn(),
        member: { cardPayload: payload },
        total: 1750,
        lines: [coffee('1', 5, 350)],
      })
      .expect(201);
    await publishRules(t, b, { ...CAFE_RULES, pendingDays: 7 });
    await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({ transactionId: txn(), member: { cardPayload: payload }, total: 500 })
      .expect(201);

    // Not yet within 30 days of expiry (July 10, end of the local day)...
    const early = await t.http().get('/api/me/loyalty').set(auth);
    expect(early.body.points.expiringSoon).toEqual([]);
    // ...ten days later it is.
    t.clock.set('2026-06-20T08:00:00Z');
    const l = await t.http().get('/api/me/loyalty').set(auth);
    expect(l.status).toBe(200);
    expect(l.body.points).toMatchObject({ available: 17, pending: 5 });
    expect(l.body.points.expiringSoon).toEqual([{ amount: 17, expiresAt: '2026-07-10T22:00:00.000Z' }]);
    expect(l.body.stampCards).toEqual([expect.objectContaining({ cardId: 'coffee', progress: 5, size: 10 })]);
    expect(l.body.rewardsAvailable).toEqual([expect.objectContaining({ id: reward.id, times: 1 })]);

    const h = await t.http().get('/api/me/history').set(auth);
    expect(h.status).toBe(200);
    const reasons = h.body.items.map((i: { reason: string }) => i.reason);
    expect(reasons.some((r: string) => /17 points/.test(r))).toBe(true);
    expect(reasons.some((r: string) => /Coffee card/.test(r))).toBe(true);
    expect(h.body.items[0]).toMatchObject({ unit: 'points', bucket: 'pending', amount: 5 });

    // Staff tokens cannot read member self-service; a member cannot use the counter.
    expect((await t.http().get('/api/me/loyalty').set(b.auth)).status).toBe(403);
    expect((await t.http().post('/api/scan').set(auth).send({ payload })).status).toBe(403);
    expect((await t.http().get('/api/me/history').query({ cursor: 'x' }).set(auth)).status).toBe(400);
  });

  it('shows how far each reward is: points to go, stamps to go, available now', async () => {
    const b = await makeBusiness(t);
    await publishRules(t, b);
    const fiveOff = await makeReward(t, b, {
      name: '5 off',
      cost: { kind: 'points', points: 100 },
      benefit: { kind: 'amount_off', amount: 500 },
    });
    const cookie = await makeReward(t, b, {
      name: 'Cookie',
      cost: { kind: 'points', points: 40 },
      benefit: { kind: 'free_item', sku: 'COOKIE', description: 'A cookie', maxValue: 250 },
    });
    const coffeeReward = await makeReward(t, b, {
      name: 'Free coffee',
      cost: { kind: 'stamp_card', cardId: 'coffee' },
      benefit: { kind: 'free_item', sku: null, description: 'Any coffee', maxValue: 450 },
    });
    const j = await joinMember(t, b.slug, {
      firstName: 'Pia',
      email: 'pia@example.test',
      password: 'member pass 8',
    });
    const auth = j.auth;
    await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({
        transactionId: txn(),
        member: { cardPayload: j.card.payload },
        total: 4600,
        lines: [coffee('1', 4, 400), { lineId: '2', sku: 'BEANS', quantity: 1, unitPrice: 3000 }],
      })
      .expect(201);
    const l = await t.http().get('/api/me/loyalty').set(auth).expect(200);
    expect(l.body.points.available).toBe(46);
    expect(l.body.rewards).toHaveLength(3);
    expect(l.body.rewards).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: fiveOff.id, available: false, pointsToGo: 54, stampsToGo: null }),
        expect.objectContaining({ id: cookie.id, available: true, pointsToGo: 0, stampsToGo: null }),
        expect.objectContaining({ id: coffeeReward.id, available: false, pointsToGo: null, stampsToGo: 6 }),
      ]),
    );
  });

  it('a member changes their email-offers consent; its time and where it was given are stored', async () => {
    const b = await makeBusiness(t);
    const { auth } = await joinMember(t, b.slug, {
      firstName: 'Cora',
      email: 'cora@example.test',
      password: 'member pass 9',
      marketingConsent: true,
    });
    const before = await t.http().get('/api/me').set(auth).expect(200);
    expect(before.body).toMatchObject({
      marketingConsent: true,
      marketingConsentAt: '2026-06-20T08:00:00.000Z',
      marketingConsentSource: 'join',
    });
    t.clock.advance(3_600_000);
    const off = await t.http().patch('/api/me').set(auth).send({ marketingConsent: false }).expect(200);
    expect(off.body).toMatchObject({
      marketingConsent: false,
      marketingConsentAt: '2026-06-20T09:00:00.000Z',
      marketingConsentSource: 'member_page',
    });
    // The same answer again changes nothing (its time stays that of the change).
    t.clock.advance(60_000);
    const same = await t.http().patch('/api/me').set(auth).send({ marketingConsent: false }).expect(200);
    expect(same.body.marketingConsentAt).toBe('2026-06-20T09:00:00.000Z');
    const staffView = await t.http().get(`/api/members/${before.body.id}`).set(b.auth);
    expect(staffView.body).toMatchObject({ marketingConsent: false, marketingConsentSource: 'member_page' });
    const enrolled = await t
      .http()
      .post('/api/members')
      .set(b.auth)
      .send({ firstName: 'Dan', phone: '+49 151 2345678', marketingConsent: true })
      .expect(201);
    expect(enrolled.body.marketingConsentSource).toBe('counter');
  });
  it('a member corrects their name and records a birthday once; the shop corrects a recorded birthday', async () => {
    const b = await makeBusiness(t);
    const { auth, member } = await joinMember(t, b.slug, { firstName: 'Ed', email: 'ed@example.test' });
    const changed = await t
      .http()
      .patch('/api/me')
      .set(auth)
      .send({ firstName: ' Edgar ', lastName: 'Lindqvist', birthday: '1990-04-17' })
      .expect(200);
    expect(changed.body).toMatchObject({ firstName: 'Edgar', lastName: 'Lindqvist', birthday: '1990-04-17' });
    // The counter finds the member by the new name.
    const found = await t.http().get('/api/members?q=lindqvist').set(b.auth).expect(200);
    expect(found.body.items.map((m: { id: string }) => m.id)).toEqual([member.id]);
    // Birthdays earn birthday bonuses: once recorded, only the shop changes it.
    const again = await t.http().patch('/api/me').set(auth).send({ birthday: '1990-12-24' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'CONFLICT',
      details: { hint: 'ask the shop to correct it' },
    });
    const same = await t.http().patch('/api/me').set(auth).send({ birthday: '1990-04-17' }).expect(200);
    expect(same.body.birthday).toBe('1990-04-17');
    const bad = await t.http().patch('/api/me').set(auth).send({ birthday: '1990-13-01' });
    expect(bad.status).toBe(400);
    const stored = await t.http().get(`/api/members/${member.id}`).set(b.auth).expect(200);
    expect(stored.body).toMatchObject({ firstName: 'Edgar', lastName: 'Lindqvist', birthday: '1990-04-17' });
  });
});
