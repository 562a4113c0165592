import { Client } from 'pg';
import { createTestApp, TestApp } from '../support/app';
import {
  joinMember,
  makeBusiness,
  makeMember,
  makePosKey,
  makeStaff,
  TestBusiness,
} from '../support/factories';

/**
 * Tenant isolation: business B's owner, cashier and POS key try every member,
 * card, staff, location and key endpoint with business A's ids. Each answer must
 * be the 404 a missing id gets (same body but for the request id), and A's data
 * must be unchanged.
 */
describe('tenant isolation', () => {
  let t: TestApp;
  let a: TestBusiness;
  let b: TestBusiness;
  let memberA: Awaited<ReturnType<typeof makeMember>>;
  let staffA: Awaited<ReturnType<typeof makeStaff>>;
  let keyA: Awaited<ReturnType<typeof makePosKey>>;
  let locationA: string;
  let productA: string;
  let importA: string;
  let callers: { name: string; auth: Record<string, string> }[];
  const MISSING = '7f1c2b4e-9a53-4d6e-8f0a-1b2c3d4e5f60';

  beforeAll(async () => {
    t = await createTestApp();
    a = await makeBusiness(t);
    b = await makeBusiness(t);
    memberA = await makeMember(t, a, { phone: '+49 30 1234567' });
    // Both have a tier program, so a member's tier is found only through its own business.
    const tiers = {
      basis: 'visits',
      window: { kind: 'calendar_year' },
      tiers: [
        { id: 'member', name: 'Member', reach: 0, keep: 0 },
        { id: 'gold', name: 'Gold', reach: 10, keep: 8 },
      ],
    };
    for (const x of [a, b])
      expect((await t.http().put('/api/tiers/program').set(x.auth).send({ program: tiers })).status).toBe(
        200,
      );
    staffA = await makeStaff(t, a, 'cashier');
    keyA = await makePosKey(t, a);
    locationA = (await t.http().post('/api/locations').set(a.auth).send({ name: 'A second shop' })).body.id;
    productA = (
      await t
        .http()
        .post('/api/products')
        .set(a.auth)
        .send({ sku: 'FLAT-WHITE', name: 'Flat white', category: 'coffee', price: 380 })
    ).body.id;
    importA = (
      await t
        .http()
        .post('/api/imports/purchases')
        .set(a.auth)
        .set('Content-Type', 'text/csv')
        .send('purchase_id,customer_id,date,amount\nR1,C1,2025-01-02,3.50\n')
    ).body.importId;
    const cashierB = await makeStaff(t, b, 'cashier');
    const keyB = await makePosKey(t, b);
    callers = [
      { name: 'owner of B', auth: b.auth },
      { name: 'cashier of B', auth: cashierB.auth },
      { name: 'POS key of B', auth: keyB.auth },
    ];
  });
  afterAll(async () => t.close());

  const routes = (): {
    method: 'get' | 'patch' | 'post' | 'delete';
    path: (id: string) => string;
    id: () => string;
    body?: object;
  }[] => [
    { method: 'get', path: (id) => `/api/members/${id}`, id: () => memberA.id },
    {
      method: 'patch',
      path: (id) => `/api/members/${id}`,
      id: () => memberA.id,
      body: { firstName: 'Hacked' },
    },
    { method: 'get', path: (id) => `/api/members/${id}/cards`, id: () => memberA.id },
    { method: 'get', path: (id) => `/api/members/${id}/card`, id: () => memberA.id },
    { method: 'get', path: (id) => `/api/members/${id}/card.png`, id: () => memberA.id },
    { method: 'get', path: (id) => `/api/members/${id}/card.svg`, id: () => memberA.id },
    { method: 'get', path: (id) => `/api/members/${id}/tier`, id: () => memberA.id },
    {
      method: 'post',
      path: (id) => `/api/members/${id}/tier/manual`,
      id: () => memberA.id,
      body: { tierId: 'gold', reason: 'Status match', until: '2030-01-01T00:00:00Z' },
    },
    { method: 'post', path: (id) => `/api/members/${id}/card/revoke`, id: () => memberA.id, body: {} },
    { method: 'post', path: (id) => `/api/members/${id}/card/reissue`, id: () => memberA.id, body: {} },
    { method: 'get', path: (id) => `/api/staff/${id}`, id: () => staffA.id },
    { method: 'patch', path: (id) => `/api/staff/${id}`, id: () => staffA.id, body: { active: false } },
    { method: 'patch', path: (id) => `/api/locations/${id}`, id: () => locationA, body: { name: 'Hacked' } },
    { method: 'delete', path: (id) => `/api/api-keys/${id}`, id: () => keyA.id },
    { method: 'get', path: (id) => `/api/products/${id}`, id: () => productA },
    { method: 'patch', path: (id) => `/api/products/${id}`, id: () => productA, body: { price: 1 } },
    { method: 'delete', path: (id) => `/api/products/${id}`, id: () => productA },
    { method: 'get', path: (id) => `/api/imports/${id}`, id: () => importA },
  ];

  it('answers every foreign id exactly as a missing one (404), for every kind of caller', async () => {
    let checked = 0;
    for (const caller of callers) {
      for (const r of routes()) {
        const send = async (id: string) => {
          let req = t.http()[r.method](r.path(id)).set(caller.auth);
          if (r.body) req = req.send(r.body);
          return req;
        };
        const foreign = await send(r.id());
        const missing = await send(MISSING);
        const label = `${caller.name}: ${r.method.toUpperCase()} ${r.path(':id')}`;
        // Roles may forbid the route altogether (403 for both); otherwise 404 for both.
        expect({ label, status: foreign.status }).toEqual({ label, status: missing.status });
        expect([403, 404]).toContain(foreign.status);
        if (caller.name === 'owner of B')
          expect({ label, status: foreign.status }).toEqual({ label, status: 404 });
        expect({ label, error: foreign.body.error }).toEqual({ label, error: missing.body.error });
        checked++;
      }
    }
    expect(checked).toBe(callers.length * routes().length);
  });

  /** Every row of business A in the tables B's write routes touch, in a stable order. */
  const fingerprintA = async (): Promise<unknown[]> => {
    const c = new Client({ connectionString: t.db.url });
    await c.connect();
    try {
      const rows: unknown[] = [];
      for (const table of [
        'members',
        'member_cards',
        'staff_users',
        'locations',
        'api_keys',
        'businesses',
        'member_tier_manual',
        'member_tier_states',
      ]) {
        const key = table === 'businesses' ? 'id' : 'business_id';
        const r = await c.query(
          `SELECT to_jsonb(x) AS row FROM ${table} x WHERE ${key} = $1 ORDER BY to_jsonb(x)::text`,
          [a.id],
        );
        rows.push({ table, rows: r.rows.map((x: { row: unknown }) => x.row) });
      }
      return rows;
    } finally {
      await c.end();
    }
  };

  it("left A's data untouched by every write B attempts with A's ids", async () => {
    // This test sends the writes itself (it does not rely on the test above having got
    // that far): every write route, by every caller of B, with A's ids.
    const before = await fingerprintA();
    const writes = routes().filter((r) => r.method !== 'get');
    const answers: { label: string; status: number }[] = [];
    for (const caller of callers) {
      for (const r of writes) {
        let req = t.http()[r.method](r.path(r.id())).set(caller.auth);
        if (r.body) req = req.send(r.body);
        const res = await req;
        answers.push({
          label: `${caller.name}: ${r.method.toUpperCase()} ${r.path(':id')}`,
          status: res.status,
        });
      }
    }
    // Every attempt is sent before anything is asserted, so a leak shows in A's rows.
    expect(await fingerprintA()).toEqual(before);
    expect(answers).toHaveLength(callers.length * writes.length);
    for (const a of answers) expect([403, 404]).toContain(a.status);

    const m = await t.http().get(`/api/members/${memberA.id}`).set(a.auth).expect(200);
    expect(m.body.firstName).toBe('Mia');
    const card = await t.http().get(`/api/members/${memberA.id}/card`).set(a.auth).expect(200);
    expect(card.body.id).toBe(memberA.card.id);
    const s = await t.http().get(`/api/staff/${staffA.id}`).set(a.auth).expect(200);
    expect(s.body.active).toBe(true);
    const keys = await t.http().get('/api/api-keys').set(a.auth).expect(200);
    expect(keys.body.items[0].revokedAt).toBeNull();
    const locs = await t.http().get('/api/locations').set(a.auth).expect(200);
    expect(locs.body.items.map((l: { name: string }) => l.name)).toContain('A second shop');
    const product = await t.http().get(`/api/products/${productA}`).set(a.auth).expect(200);
    expect(product.body).toMatchObject({ sku: 'FLAT-WHITE', price: 380 });
    expect(
      (await t.http().post('/api/scan').set(keyA.auth).send({ payload: memberA.card.payload })).status,
    ).toBe(200);
  });

  it("never lists or finds A's members, staff, locations or keys from B", async () => {
    for (const q of [memberA.email, 'Mia', memberA.memberNumber, '1234567']) {
      const r = await t.http().get('/api/members').query({ q }).set(b.auth).expect(200);
      expect(r.body.items).toEqual([]);
    }
    expect((await t.http().get(`/api/members/by-number/${memberA.memberNumber}`).set(b.auth)).status).toBe(
      404,
    );
    const staff = await t.http().get('/api/staff').set(b.auth).expect(200);
    expect(staff.body.items.map((s: { id: string }) => s.id)).not.toContain(staffA.id);
    const locs = await t.http().get('/api/locations').set(b.auth).expect(200);
    expect(locs.body.items.map((l: { id: string }) => l.id)).not.toContain(locationA);
    const keys = await t.http().get('/api/api-keys').set(b.auth).expect(200);
    expect(keys.body.items.map((k: { id: string }) => k.id)).not.toContain(keyA.id);
    const products = await t.http().get('/api/products').set(b.auth).expect(200);
    expect(products.body.items).toEqual([]);
    expect((await t.http().get('/api/business').set(b.auth)).body.id).toBe(b.id);
  });

  it("refuses A's card at B's counter without revealing the member", async () => {
    for (const caller of callers) {
      const r = await t.http().post('/api/scan').set(caller.auth).send({ payload: memberA.card.payload });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('CARD_FOREIGN_BUSINESS');
      expect(JSON.stringify(r.body)).not.toMatch(new RegExp(`${memberA.id}|Mia|${memberA.memberNumber}`));
    }
  });

  it('a member of B sees only their own data', async () => {
    const j = await joinMember(t, b.slug, {
      firstName: 'Bea',
      email: 'bea@example.test',
      password: 'member pass 9',
    });
    const auth = j.auth;
    const me = await t.http().get('/api/me').set(auth).expect(200);
    expect(me.body.id).toBe(j.member.id);
    expect((await t.http().get(`/api/members/${memberA.id}`).set(auth)).status).toBe(403);
  });
});
