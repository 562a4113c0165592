import { createTestApp, TestApp } from '../support/app';

/**
 * Login rate limits (issue 11): keyed per client address and account, plus a
 * limit per client address; one client cannot lock out others, and a client
 * cannot pick its own address with X-Forwarded-For unless it is a trusted
 * proxy (TRUST_PROXY).
 */
describe('login rate limits', () => {
  const attempt = (t: TestApp, email: string, from?: string) => {
    let req = t.http().post('/api/auth/staff/login');
    if (from) req = req.set('x-forwarded-for', from);
    return req.send({ email, password: 'a wrong guess' });
  };

  describe('behind a trusted proxy on this host (the default)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '3', LOGIN_ADDRESS_RATE_LIMIT: '8' } });
    });
    afterAll(async () => t.close());

    it('an attacker guessing one account does not lock its owner out at another address', async () => {
      const attacker = [];
      for (let i = 0; i < 5; i++)
        attacker.push((await attempt(t, 'victim@example.test', '198.51.100.7')).status);
      expect(attacker).toEqual([401, 401, 401, 429, 429]);
      // The member or cashier, from their own address, can still try (and would get in with the password).
      expect((await attempt(t, 'victim@example.test', '203.0.113.9')).status).toBe(401);
      // The limit counts across the login routes: member login for the same account is limited too.
      const member = await t
        .http()
        .post('/api/auth/member/login')
        .set('x-forwarded-for', '198.51.100.7')
        .send({ business: 'some-shop', email: 'victim@example.test', password: 'x' });
      expect(member.status).toBe(401); // another account key: business + email
    });

    it('one address spraying many accounts is stopped by the per-address limit; others are not', async () => {
      const spray = [];
      for (let i = 0; i < 10; i++)
        spray.push((await attempt(t, `user${i}@example.test`, '192.0.2.44')).status);
      expect(spray.slice(0, 8)).toEqual(Array(8).fill(401));
      expect(spray.slice(8)).toEqual([429, 429]);
      const blocked = await attempt(t, 'user99@example.test', '192.0.2.44');
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('RATE_LIMITED');
      expect(blocked.headers['retry-after']).toBeDefined();
      expect((await attempt(t, 'user99@example.test', '192.0.2.45')).status).toBe(401);
    });
  });

  describe('with TRUST_PROXY=false', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '3', TRUST_PROXY: 'false' } });
    });
    afterAll(async () => t.close());

    it('a forged X-Forwarded-For does not give a client fresh attempts', async () => {
      const statuses = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await attempt(t, 'victim@example.test', `10.0.0.${i}`)).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    });
  });
});
