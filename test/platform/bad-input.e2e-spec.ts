import { Client } from 'pg';
import { badBodies, ERROR_BODY, snapshot as snapshotOf } from '../support/bad-input';
import { createTestApp, TestApp } from '../support/app';
import { makeBusiness, makeMember, makeStaff, TestBusiness } from '../support/factories';

/**
 * Bad input on every endpoint that takes input: missing required fields, wrong
 * types, oversized strings, unknown fields, non-object bodies and malformed ids
 * each get a 400 with the one error body, and nothing is written.
 */
describe('bad input', () => {
  let t: TestApp;
  let b: TestBusiness;
  let memberId: string;
  let staffId: string;
  let locationId: string;
  let productId: string;
  let pg: Client;

  beforeAll(async () => {
    t = await createTestApp();
    b = await makeBusiness(t);
    memberId = (await makeMember(t, b)).id;
    staffId = (await makeStaff(t, b, 'cashier')).id;
    locationId = (await t.http().post('/api/locations').set(b.auth).send({ name: 'Second' })).body.id;
    productId = (
      await t
        .http()
        .post('/api/products')
        .set(b.auth)
        .send({ sku: 'TEA', name: 'Tea', category: 'tea', price: 250 })
    ).body.id;
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  const snapshot = () => snapshotOf(pg);

  interface Case {
    name: string;
    method: 'post' | 'patch' | 'get';
    path: () => string;
    auth?: () => Record<string, string>;
    valid: Record<string, unknown>;
    required: string[];
  }

  const cases: Case[] = [
    {
      name: 'sign-up',
      method: 'post',
      path: () => '/api/businesses',
      valid: {
        name: 'Shop',
        currency: 'EUR',
        timeZone: 'Europe/Berlin',
        ownerEmail: 'o@example.test',
        ownerPassword: 'long password',
        ownerName: 'O',
        slug: 'some-shop',
      },
      required: ['name', 'currency', 'timeZone', 'ownerEmail', 'ownerPassword', 'ownerName'],
    },
    {
      name: 'update business',
      method: 'patch',
      path: () => '/api/business',
      auth: () => b.auth,
      valid: { name: 'New', timeZone: 'Europe/Paris' },
      required: [],
    },
    {
      name: 'create location',
      method: 'post',
      path: () => '/api/locations',
      auth: () => b.auth,
      valid: { name: 'L', address: 'Street 1' },
      required: ['name'],
    },
    {
      name: 'update location',
      method: 'patch',
      path: () => `/api/locations/${locationId}`,
      auth: () => b.auth,
      valid: { name: 'L2', address: 'Street 2' },
      required: [],
    },
    {
      name: 'create staff',
      method: 'post',
      path: () => '/api/staff',
      auth: () => b.auth,
      valid: {
        email: 's@example.test',
        name: 'S',
        role: 'cashier',
        password: 'long password',
        locationId: '7f1c2b4e-9a53-4d6e-8f0a-1b2c3d4e5f60',
      },
      required: ['email', 'name', 'role', 'password'],
    },
    {
      name: 'update staff',
      method: 'patch',
      path: () => `/api/staff/${staffId}`,
      auth: () => b.auth,
      valid: { name: 'S', role: 'manager', active: true, password: 'long password' },
      required: [],
    },
    {
      name: 'create api key',
      method: 'post',
      path: () => '/api/api-keys',
      auth: () => b.auth,
      valid: { name: 'K' },
      required: ['name'],
    },
    {
      name: 'staff login',
      method: 'post',
      path: () => '/api/auth/staff/login',
      valid: { email: 'x@example.test', password: 'p', business: 'some-shop' },
      required: ['email', 'password'],
    },
    {
      name: 'member login',
      method: 'post',
      path: () => '/api/auth/member/login',
      valid: { business: 'some-shop', email: 'x@example.test', password: 'p' },
      required: ['business', 'email', 'password'],
    },
    {
      name: 'request a member sign-in code',
      method: 'post',
      path: () => '/api/auth/member/code',
      valid: { business: 'some-shop', email: 'x@example.test' },
      required: ['business', 'email'],
    },
    {
      name: 'member sign-in with a code',
      method: 'post',
      path: () => '/api/auth/member/code/verify',
      valid: { business: 'some-shop', email: 'x@example.test', code: '123456' },
      required: ['business', 'email', 'code'],
    },
    {
      name: 'enrol member',
      method: 'post',
      path: () => '/api/members',
      auth: () => b.auth,
      valid: {
        firstName: 'A',
        lastName: 'B',
        email: 'a@example.test',
        phone: '+49 151 123456',
        birthday: '1990-01-31',
        marketingConsent: true,
      },
      required: ['firstName'],
    },
    {
      name: 'update member',
      method: 'patch',
      path: () => `/api/members/${memberId}`,
      auth: () => b.auth,
      valid: {
        firstName: 'A',
        lastName: 'B',
        email: 'a2@example.test',
        phone: '+49 151 654321',
        birthday: '1990-01-31',
        marketingConsent: false,
      },
      required: [],
    },
    {
      name: 'join',
      method: 'post',
      path: () => `/api/join/${b.slug}`,
      valid: {
        firstName: 'A',
        email: 'j@example.test',
        password: 'long password',
        phone: '+49 151 777777',
        birthday: '1990-01-31',
        marketingConsent: true,
      },
      required: ['firstName', 'email'],
    },
    {
      name: 'revoke card',
      method: 'post',
      path: () => `/api/members/${memberId}/card/revoke`,
      auth: () => b.auth,
      valid: { reason: 'lost' },
      required: [],
    },
    {
      name: 'reissue card',
      method: 'post',
      path: () => `/api/members/${memberId}/card/reissue`,
      auth: () => b.auth,
      valid: { reason: 'lost' },
      required: [],
    },
    {
      name: 'create product',
      method: 'post',
      path: () => '/api/products',
      auth: () => b.auth,
      valid: { sku: 'SCONE', name: 'Scone', price: 300, active: true },
      required: ['sku', 'name', 'price'],
    },
    {
      name: 'update product',
      method: 'patch',
      path: () => `/api/products/${productId}`,
      auth: () => b.auth,
      valid: { sku: 'TEA-2', name: 'Green tea', price: 260, active: false },
      required: [],
    },
    {
      name: 'scan',
      method: 'post',
      path: () => '/api/scan',
      auth: () => b.auth,
      valid: { payload: 'RG1.x' },
      required: ['payload'],
    },
  ];

  const mutations = (c: Case) => badBodies(c.valid, c.required);

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: every bad body is a 400 and writes nothing',
    async (_name, c) => {
      const before = await snapshot();
      for (const [what, body] of mutations(c)) {
        let req = t.http()[c.method](c.path());
        if (c.auth) req = req.set(c.auth());
        const r = await req.send(body as object);
        const label = `${c.name}: ${what}`;
        expect({ label, status: r.status }).toEqual({ label, status: 400 });
        expect(r.body).toEqual(ERROR_BODY);
      }
      expect(await snapshot()).toEqual(before);
    },
  );

  it('malformed JSON, a wrong content type and an oversized body are 4xx with the error body', async () => {
    const before = await snapshot();
    const bad = await t
      .http()
      .post('/api/members')
      .set(b.auth)
      .set('content-type', 'application/json')
      .send('{"firstName": ');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('MALFORMED_REQUEST');
    expect(bad.body.requestId).toEqual(expect.any(String));
    const xml = await t
      .http()
      .post('/api/members')
      .set(b.auth)
      .set('content-type', 'application/xml')
      .send('<a/>');
    expect(xml.status).toBe(415);
    expect(xml.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const huge = await t
      .http()
      .post('/api/members')
      .set(b.auth)
      .send({ firstName: 'x'.repeat(300_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await snapshot()).toEqual(before);
  });

  it('malformed ids in paths are a 400 on every route that takes one', async () => {
    const before = await snapshot();
    const routes: ['get' | 'patch' | 'post' | 'delete', string, object?][] = [
      ['get', '/api/members/not-a-uuid'],
      ['patch', '/api/members/123', { firstName: 'x' }],
      ['get', '/api/members/1%27%20OR%201=1/cards'],
      ['get', '/api/members/zzz/card'],
      ['get', '/api/members/zzz/card.png'],
      ['get', '/api/members/zzz/card.svg'],
      ['get', '/api/members/zzz/tier'],
      [
        'post',
        '/api/members/zzz/tier/manual',
        { tierId: 'gold', reason: 'Status match', until: '2030-01-01T00:00:00Z' },
      ],
      ['post', '/api/members/zzz/card/revoke', {}],
      ['post', '/api/members/zzz/card/reissue', {}],
      ['get', '/api/staff/zzz'],
      ['patch', '/api/staff/zzz', { name: 'x' }],
      ['patch', '/api/locations/zzz', { name: 'x' }],
      ['delete', '/api/api-keys/zzz'],
      ['get', '/api/products/zzz'],
      ['patch', '/api/products/zzz', { name: 'x' }],
      ['delete', '/api/products/zzz'],
      ['get', '/api/imports/zzz'],
    ];
    for (const [method, path, body] of routes) {
      let req = t.http()[method](path).set(b.auth);
      if (body) req = req.send(body);
      const r = await req;
      expect({ path, status: r.status, code: r.body.error?.code }).toEqual({
        path,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    const q = await t.http().get('/api/members').query({ limit: 'lots' }).set(b.auth);
    expect(q.status).toBe(400);
    const q2 = await t.http().get('/api/members').query({ limit: 1000 }).set(b.auth);
    expect(q2.status).toBe(400);
    const q3 = await t.http().get('/api/members').query({ cursor: 'abc' }).set(b.auth);
    expect(q3.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});
