import { Client } from 'pg';
import { snapshot as snapshotOf } from '../support/bad-input';
import { createTestApp, TestApp } from '../support/app';
import { makeBusiness, makeMember, makeStaff, TestBusiness } from '../support/factories';
import { coffee, makeReward, publishRules, txn } from '../support/loyalty';

/**
 * Inputs from outside that once answered 500 (issue 11): a purchase naming a
 * location that is not the business's, an empty PATCH of the business, and
 * strings that are not well-formed Unicode. Each is a 4xx with the one error
 * body, and nothing is written.
 */
describe('hostile input', () => {
  let t: TestApp;
  let b: TestBusiness;
  let other: TestBusiness;
  let pg: Client;

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-05-04T09:00:00Z' });
    b = await makeBusiness(t);
    other = await makeBusiness(t);
    await publishRules(t, b);
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  describe('a purchase whose locationId is not one of the business locations', () => {
    const cases: [string, () => string][] = [
      ['an unknown id', () => '7f1c2b4e-9a53-4d6e-8f0a-1b2c3d4e5f60'],
      ["another business's location", () => other.locationId],
    ];

    it.each(cases)(
      '%s: 404 Location, nothing written, the key stays free (one-call path)',
      async (_n, loc) => {
        const m = await makeMember(t, b);
        const transactionId = txn();
        const body = {
          transactionId,
          member: { cardPayload: m.card.payload },
          total: 700,
          lines: [coffee('1', 2)],
        };
        const before = await snapshotOf(pg);
        const r = await t
          .http()
          .post('/api/pos/purchases')
          .set(b.auth)
          .send({ ...body, locationId: loc() });
        expect(r.status).toBe(404);
        expect(r.body.error).toEqual({
          code: 'NOT_FOUND',
          message: 'Location not found',
          details: { field: 'locationId' },
        });
        expect(await snapshotOf(pg)).toEqual(before);
        const ok = await t
          .http()
          .post('/api/pos/purchases')
          .set(b.auth)
          .send({ ...body, locationId: b.locationId });
        expect(ok.status).toBe(201);
        expect(ok.body.replayed).toBe(false);
      },
    );

    it.each(cases)('%s: 404 Location with a redemption in the purchase, nothing written', async (_n, loc) => {
      const m = await makeMember(t, b);
      const reward = await makeReward(t, b, {
        name: `1 off ${txn()}`,
        cost: { kind: 'points', points: 10 },
        benefit: { kind: 'amount_off', amount: 100 },
      });
      await t
        .http()
        .post('/api/pos/purchases')
        .set(b.auth)
        .send({ transactionId: txn(), member: { cardPayload: m.card.payload }, total: 5000 })
        .expect(201);
      const before = await snapshotOf(pg);
      const r = await t
        .http()
        .post('/api/pos/purchases')
        .set(b.auth)
        .send({
          transactionId: txn(),
          member: { cardPayload: m.card.payload },
          total: 700,
          lines: [coffee('1', 2)],
          locationId: loc(),
          redeem: [{ rewardId: reward.id }],
        });
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('NOT_FOUND');
      expect(r.body.error.details).toEqual({ field: 'locationId' });
      expect(await snapshotOf(pg)).toEqual(before);
    });
  });

  describe('PATCH /api/business with nothing to change', () => {
    it.each([
      ['{}', {}],
      ['null', null],
    ])('%s is a no-op answering the business', async (_n, body) => {
      const before = await snapshotOf(pg);
      const r = await t
        .http()
        .patch('/api/business')
        .set(b.auth)
        .set('content-type', 'application/json')
        .send(JSON.stringify(body));
      expect(r.status).toBe(200);
      expect(r.body.id).toBe(b.id);
      expect(r.body.slug).toBe(b.slug);
      expect(await snapshotOf(pg)).toEqual(before);
    });
  });

  describe('strings that are not well-formed Unicode', () => {
    const LONE = '\ud800';
    const raw = (value: object) => JSON.stringify(value).replace(/LONE/g, '\\ud800');
    let memberId: string;
    let staffId: string;
    beforeAll(async () => {
      memberId = (await makeMember(t, b)).id;
      staffId = (await makeStaff(t, b, 'cashier')).id;
    });

    const cases: [string, 'post' | 'patch', () => string, object, boolean][] = [
      ['staff login', 'post', () => '/api/auth/staff/login', { email: 'LONE@x.test', password: 'p' }, false],
      [
        'member login',
        'post',
        () => '/api/auth/member/login',
        { business: 'x-shop', email: 'LONE@x.test', password: 'p' },
        false,
      ],
      [
        'sign-up',
        'post',
        () => '/api/businesses',
        {
          name: 'Shop',
          currency: 'EUR',
          timeZone: 'Europe/Berlin',
          ownerEmail: 'LONE@x.test',
          ownerPassword: 'long password',
          ownerName: 'O',
        },
        false,
      ],
      [
        'join',
        'post',
        () => `/api/join/${b.slug}`,
        { firstName: 'A', email: 'LONE@x.test', password: 'long password' },
        false,
      ],
      [
        'join of a slug that does not exist',
        'post',
        () => '/api/join/no-such-shop',
        { firstName: 'A', email: 'LONE@x.test', password: 'long password' },
        false,
      ],
      ['enrol member', 'post', () => '/api/members', { firstName: 'A', email: 'LONE@x.test' }, true],
      [
        'enrol member, first name',
        'post',
        () => '/api/members',
        { firstName: 'LONE', phone: '0151 1234567' },
        true,
      ],
      ['update member', 'patch', () => `/api/members/${memberId}`, { email: 'LONE@x.test' }, true],
      [
        'update member, first name',
        'patch',
        () => `/api/members/${memberId}`,
        { firstName: 'AnaLONE' },
        true,
      ],
      [
        'create staff',
        'post',
        () => '/api/staff',
        { email: 'LONE@x.test', name: 'S', role: 'cashier', password: 'long password' },
        true,
      ],
      ['update staff', 'patch', () => `/api/staff/${staffId}`, { name: 'LONE' }, true],
      ['update business', 'patch', () => '/api/business', { name: 'LONE' }, true],
      [
        'a nested key',
        'post',
        () => '/api/members',
        { firstName: 'A', phone: '0151 1234567', LONE: 1 },
        true,
      ],
    ];

    it.each(cases)('%s: 400 naming the field, nothing written', async (_n, method, path, body, auth) => {
      const before = await snapshotOf(pg);
      let req = t.http()[method](path()).set('content-type', 'application/json');
      if (auth) req = req.set(b.auth);
      const r = await req.send(raw(body));
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      expect(r.body.error.details.fields[0].problems).toEqual([
        'must be well-formed Unicode (no lone surrogates)',
      ]);
      expect(await snapshotOf(pg)).toEqual(before);
    });

    it('a value nested deeper than any route needs: 400, not a stack overflow (found by the fuzzer)', async () => {
      let deep: unknown = 'x';
      for (let i = 0; i < 3000; i++) deep = i % 2 ? { a: deep } : [deep];
      const before = await snapshotOf(pg);
      const login = await t
        .http()
        .post('/api/auth/member/login')
        .send({ business: b.slug, email: 'a@x.test', password: 'p', extra: deep });
      const revoke = await t
        .http()
        .post(`/api/members/${memberId}/card/revoke`)
        .set(b.auth)
        .send(deep as object);
      for (const r of [login, revoke]) {
        expect(r.status).toBe(400);
        expect(r.body.error.details.fields[0].problems).toEqual(['must not nest deeper than 32 levels']);
      }
      expect(await snapshotOf(pg)).toEqual(before);
    });

    it('in a query string or path too', async () => {
      const q = await t
        .http()
        .get('/api/members')
        .query({ q: `a${LONE}` })
        .set(b.auth);
      // A query string is percent-decoded as UTF-8: a lone surrogate cannot survive it; never a 500.
      expect(q.status).toBeLessThan(500);
      const p = await t.http().get(`/api/join/${encodeURIComponent('ab')}%ED%A0%80`);
      expect(p.status).toBeLessThan(500);
    });

    it('well-formed astral characters (a surrogate pair) are accepted and stored as sent', async () => {
      const r = await t
        .http()
        .post('/api/members')
        .set(b.auth)
        .send({ firstName: 'Ana 😀', phone: '0151 7654321' });
      expect(r.status).toBe(201);
      const row = await pg.query<{ first_name: string }>(`SELECT first_name FROM members WHERE id = $1`, [
        r.body.id,
      ]);
      expect(row.rows[0].first_name).toBe('Ana 😀');
    });
  });
});
