import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../../apps/api/src/config/config';
import { createTestApp, TestApp } from '../support/app';
import { joinMember, makeBusiness, makeMember, makePosKey, makeStaff } from '../support/factories';

describe('authentication and roles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '5' } });
  });
  afterAll(async () => t.close());

  it('staff log in with email and password; a wrong password is 401 with the error body', async () => {
    const b = await makeBusiness(t);
    const cashier = await makeStaff(t, b, 'cashier');
    const ok = await t
      .http()
      .post('/api/auth/staff/login')
      .send({ email: cashier.email.toUpperCase(), password: cashier.password });
    expect(ok.status).toBe(200);
    expect(ok.body.tokenType).toBe('Bearer');
    expect(ok.body.staff.role).toBe('cashier');
    const bad = await t
      .http()
      .post('/api/auth/staff/login')
      .send({ email: cashier.email, password: 'wrong password' });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'Wrong email or password' },
      requestId: expect.any(String),
    });
    const unknown = await t
      .http()
      .post('/api/auth/staff/login')
      .send({ email: 'nobody@example.test', password: 'whatever' });
    expect(unknown.status).toBe(401);
  });

  it('rate-limits login attempts per address and email (429 with the error body)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await t
        .http()
        .post('/api/auth/staff/login')
        .send({ email: 'victim@example.test', password: `guess-${i}` });
      statuses.push(r.status);
      if (r.status === 429) {
        expect(r.body.error.code).toBe('RATE_LIMITED');
        expect(r.headers['retry-after']).toBeDefined();
      }
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // Another email from the same address is not locked out.
    const other = await t
      .http()
      .post('/api/auth/staff/login')
      .send({ email: 'other@example.test', password: 'x' });
    expect(other.status).toBe(401);
  });

  it('denies by default: no credentials, bad token, tampered token, member token on staff routes', async () => {
    const b = await makeBusiness(t);
    expect((await t.http().get('/api/members')).status).toBe(401);
    expect((await t.http().get('/api/members').set('Authorization', 'Bearer nonsense')).status).toBe(401);
    const [h, p, s] = b.ownerToken.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(p, 'base64url').toString()),
        role: 'owner',
        exp: 4102444800,
      }),
    ).toString('base64url');
    expect(
      (await t.http().get('/api/business').set('Authorization', `Bearer ${h}.${forgedPayload}.${s}`)).status,
    ).toBe(401);
    const m = await joinMember(t, b.slug, {
      firstName: 'Ann',
      email: 'ann@example.test',
      password: 'member pass 1',
    });
    const memberAuth = m.auth;
    const r = await t.http().get('/api/members').set(memberAuth);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('FORBIDDEN');
    expect((await t.http().get('/api/me').set(memberAuth)).body.email).toBe('ann@example.test');
    expect((await t.http().get('/api/me').set(b.auth)).status).toBe(403);
  });

  it('refuses JWTs that are expired, from another issuer, or signed with another algorithm or secret', async () => {
    const b = await makeBusiness(t);
    const jwt = t.app.get(JwtService);
    const claims = JSON.parse(Buffer.from(b.ownerToken.split('.')[1], 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const { iat: _iat, exp: _exp, iss: _iss, ...base } = claims;
    const secret = t.app.get(AppConfig).jwtSecret;
    const ok = jwt.sign(base, { expiresIn: 60 });
    expect((await t.http().get('/api/business').set('Authorization', `Bearer ${ok}`)).status).toBe(200);
    const refused = [
      jwt.sign({ ...base, exp: Math.floor(t.clock.now().getTime() / 1000) - 10 }),
      jwt.sign(base, { expiresIn: 60, issuer: 'someone-else' }),
      jwt.sign(base, { expiresIn: 60, algorithm: 'HS512', secret }),
      jwt.sign(base, { expiresIn: 60, secret: `${secret}-other` }),
    ];
    for (const token of refused) {
      const r = await t.http().get('/api/business').set('Authorization', `Bearer ${token}`);
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('checks roles: cashiers cannot manage staff, managers can add cashiers only', async () => {
    const b = await makeBusiness(t);
    const cashier = await makeStaff(t, b, 'cashier');
    const manager = await makeStaff(t, b, 'manager');
    const body = (role: string) => ({
      email: `${role}-${Date.now()}@example.test`,
      name: 'X',
      role,
      password: 'long enough pw',
    });
    expect((await t.http().post('/api/staff').set(cashier.auth).send(body('cashier'))).status).toBe(403);
    expect((await t.http().post('/api/staff').set(manager.auth).send(body('cashier'))).status).toBe(201);
    const r = await t.http().post('/api/staff').set(manager.auth).send(body('owner'));
    expect(r.status).toBe(403);
    expect((await t.http().post('/api/api-keys').set(manager.auth).send({ name: 'k' })).status).toBe(403);
  });

  it('a deactivated staff member is locked out at once; the last owner cannot be removed', async () => {
    const b = await makeBusiness(t);
    const cashier = await makeStaff(t, b, 'cashier');
    expect((await t.http().get('/api/members').set(cashier.auth)).status).toBe(200);
    expect(
      (await t.http().patch(`/api/staff/${cashier.id}`).set(b.auth).send({ active: false })).status,
    ).toBe(200);
    expect((await t.http().get('/api/members').set(cashier.auth)).status).toBe(401);
    const last = await t.http().patch(`/api/staff/${b.ownerId}`).set(b.auth).send({ role: 'manager' });
    expect(last.status).toBe(409);
    expect((await t.http().get('/api/business').set(b.auth)).status).toBe(200);
  });

  it('POS API keys: work on counter routes, not on admin routes, and stop working when revoked', async () => {
    const b = await makeBusiness(t);
    const m = await makeMember(t, b);
    const key = await makePosKey(t, b);
    expect(key.key).toMatch(/^rk_[0-9a-f]{16}_/);
    const list = await t.http().get('/api/api-keys').set(b.auth);
    expect(JSON.stringify(list.body)).not.toContain(key.key.split('_').pop()!);
    const scan = await t.http().post('/api/scan').set(key.auth).send({ payload: m.card.payload });
    expect(scan.status).toBe(200);
    const viaBearer = await t
      .http()
      .post('/api/scan')
      .set('Authorization', `Bearer ${key.key}`)
      .send({ payload: m.card.payload });
    expect(viaBearer.status).toBe(200);
    expect((await t.http().get('/api/staff').set(key.auth)).status).toBe(403);
    const wrongSecret = key.key.slice(0, -4) + (key.key.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(
      (await t.http().post('/api/scan').set('X-API-Key', wrongSecret).send({ payload: m.card.payload }))
        .status,
    ).toBe(401);
    expect((await t.http().delete(`/api/api-keys/${key.id}`).set(b.auth)).status).toBe(200);
    expect((await t.http().post('/api/scan').set(key.auth).send({ payload: m.card.payload })).status).toBe(
      401,
    );
  });

  it('members log in with business, email and password', async () => {
    const b = await makeBusiness(t);
    await joinMember(t, b.slug, { firstName: 'Bo', email: 'bo@example.test', password: 'member pass 2' });
    const ok = await t
      .http()
      .post('/api/auth/member/login')
      .send({ business: b.slug, email: 'BO@example.test', password: 'member pass 2' });
    expect(ok.status).toBe(200);
    expect(ok.body.member.firstName).toBe('Bo');
    const other = await makeBusiness(t);
    const wrongBusiness = await t
      .http()
      .post('/api/auth/member/login')
      .send({ business: other.slug, email: 'bo@example.test', password: 'member pass 2' });
    expect(wrongBusiness.status).toBe(401);
  });

  it('documents every route with its security in OpenAPI; only the intended routes are public', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const publicRoutes: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops))
        if (!op.security?.length) publicRoutes.push(`${method.toUpperCase()} ${path}`);
    }
    expect(publicRoutes.sort()).toEqual(
      [
        'GET /health',
        'POST /api/auth/member/login',
        'POST /api/auth/member/code',
        'POST /api/auth/member/code/verify',
        'POST /api/auth/member/refresh',
        'POST /api/auth/member/logout',
        'POST /api/auth/staff/login',
        'POST /api/businesses',
        'POST /api/join/{slug}',
        'GET /api/join/{slug}',
        // One-click unsubscribe (RFC 8058): the signed token in the path is the credential.
        'GET /api/unsubscribe/{token}',
        'POST /api/unsubscribe/{token}',
        // The NPS survey: the signed token in the path is the credential; a receipt code with the shop's slug.
        'GET /api/surveys/answer/{token}',
        'POST /api/surveys/answer/{token}',
        'POST /api/surveys/receipt',
      ].sort(),
    );
    // And the server really does deny every non-public route without credentials.
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!op.security?.length) continue;
        const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
        const r = await (t.http() as unknown as Record<string, (u: string) => Promise<{ status: number }>>)[
          method
        ](url);
        expect({ route: `${method} ${path}`, status: r.status }).toEqual({
          route: `${method} ${path}`,
          status: 401,
        });
      }
    }
  });
});
