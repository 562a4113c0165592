import { Client } from 'pg';
import { ERROR_BODY, snapshot } from '../support/bad-input';
import { createTestApp, TestApp } from '../support/app';
import { makeBusiness, makeMember, makePosKey, makeStaff, TestBusiness } from '../support/factories';
import { CAFE_RULES, coffee, publishRules, txn } from '../support/loyalty';

/**
 * What the console's program editor needs from the rules API: the preview names the
 * members it changes (same business only), the version history says who published each
 * version, bad input writes nothing, and another business sees none of it.
 */
describe('rules for the console: preview with member names, version history', () => {
  let t: TestApp;
  let a: TestBusiness;
  let b: TestBusiness;
  let pg: Client;

  beforeAll(async () => {
    t = await createTestApp();
    a = await makeBusiness(t);
    b = await makeBusiness(t);
    await publishRules(t, a, CAFE_RULES);
    const pos = await makePosKey(t, a);
    const buy = async (memberNumber: string, total: number, lines: object[]) =>
      t
        .http()
        .post('/api/pos/purchases')
        .set(pos.auth)
        .send({ transactionId: txn(), member: { memberNumber }, total, lines })
        .expect(201);
    const ada = await makeMember(t, a, { firstName: 'Ada', lastName: 'Lovelace' });
    const bo = await makeMember(t, a, { firstName: 'Bo', lastName: 'Tea' });
    await buy(ada.memberNumber, 1400, [coffee('1', 4, 350)]); // 14 points now
    await buy(bo.memberNumber, 500, [
      { lineId: '1', sku: 'TEA', category: 'tea', quantity: 1, unitPrice: 500 },
    ]);
    // Business b has a member with a purchase too: it must never show up in a's preview.
    await publishRules(t, b, CAFE_RULES);
    const posB = await makePosKey(t, b);
    const other = await makeMember(t, b, { firstName: 'Other', lastName: 'Shop' });
    await t
      .http()
      .post('/api/pos/purchases')
      .set(posB.auth)
      .send({ transactionId: txn(), member: { memberNumber: other.memberNumber }, total: 9900, lines: [] })
      .expect(201);
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  const doubleCoffee = {
    ...CAFE_RULES,
    multipliers: [
      { id: 'm1', name: 'Coffee x2', match: { skus: [], categories: ['coffee'] }, multiplierBp: 20000 },
    ],
  };

  it('names the members a change would affect, biggest change first, and writes nothing', async () => {
    const before = await snapshot(pg);
    const r = await t
      .http()
      .post('/api/rules/preview')
      .set(a.auth)
      .send({ ruleSet: doubleCoffee })
      .expect(200);
    expect(r.body).toMatchObject({
      days: 30,
      currentVersion: 1,
      purchases: 2,
      members: 2,
      gainers: 1,
      losers: 0,
      unchanged: 1,
      difference: { points: 14 },
    });
    expect(r.body.current.points).toBe(19);
    expect(r.body.proposed.points).toBe(33);
    expect(r.body.changedMembers).toEqual([
      expect.objectContaining({
        memberName: 'Ada Lovelace',
        memberNumber: expect.stringMatching(/^\d+$/),
        currentPoints: 14,
        proposedPoints: 28,
        pointsDelta: 14,
        purchases: 1,
      }),
    ]);
    expect(JSON.stringify(r.body)).not.toContain('Other');
    expect(await snapshot(pg)).toEqual(before);
  });

  it('another business previews only its own purchases', async () => {
    const r = await t
      .http()
      .post('/api/rules/preview')
      .set(b.auth)
      .send({ ruleSet: doubleCoffee })
      .expect(200);
    expect(r.body).toMatchObject({ purchases: 1, members: 1, gainers: 0, changedMembers: [] });
  });

  it('keeps a readable version history with who published each version', async () => {
    const manager = await makeStaff(t, a, 'manager');
    const published = await t
      .http()
      .put('/api/rules')
      .set(manager.auth)
      .send({ ruleSet: doubleCoffee })
      .expect(200);
    expect(published.body).toMatchObject({
      version: 2,
      createdBy: manager.id,
      createdByName: expect.stringMatching(/^manager /),
    });
    const h = await t.http().get('/api/rules/versions').set(a.auth).expect(200);
    expect(h.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(h.body.items[0]).toMatchObject({
      createdBy: manager.id,
      createdByName: published.body.createdByName,
    });
    expect(h.body.items[0].ruleSet.multipliers).toEqual(doubleCoffee.multipliers);
    const all = await t.http().get('/api/rules').set(a.auth).expect(200);
    expect(all.body.current.version).toBe(2);
    expect(all.body.versions[0].createdByName).toBe(published.body.createdByName);
    // b's history is its own.
    const hb = await t.http().get('/api/rules/versions').set(b.auth).expect(200);
    expect(hb.body.items.map((v: { version: number }) => v.version)).toEqual([1]);
  });

  it('the history is for owners and managers; a cashier and a POS key are refused', async () => {
    const cashier = await makeStaff(t, a, 'cashier');
    await t.http().get('/api/rules/versions').set(cashier.auth).expect(403);
    const pos = await makePosKey(t, a);
    const r = await t.http().get('/api/rules/versions').set(pos.auth);
    expect([401, 403]).toContain(r.status);
    await t.http().get('/api/rules/versions').expect(401);
  });

  it('refuses bad previews with a 400 next to the field and writes nothing', async () => {
    const before = await snapshot(pg);
    const bad: [string, unknown][] = [
      ['no rule set', {}],
      ['rule set not an object', { ruleSet: 'x' }],
      ['an invalid rule set', { ruleSet: { ...CAFE_RULES, points: { pointsPer: -1, perAmount: 0 } } }],
      ['days out of range', { ruleSet: CAFE_RULES, days: 0 }],
      ['days too many', { ruleSet: CAFE_RULES, days: 366 }],
      ['limit fractional', { ruleSet: CAFE_RULES, limit: 1.5 }],
      ['an unknown field', { ruleSet: CAFE_RULES, isAdmin: true }],
    ];
    for (const [what, body] of bad) {
      const r = await t
        .http()
        .post('/api/rules/preview')
        .set(a.auth)
        .send(body as object);
      expect({ what, status: r.status }).toEqual({ what, status: 400 });
      expect(r.body).toEqual(ERROR_BODY);
    }
    expect(await snapshot(pg)).toEqual(before);
  });
});
