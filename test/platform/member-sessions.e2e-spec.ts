import { createTestApp, TestApp } from '../support/app';
import { makeBusiness, type TestBusiness } from '../support/factories';

/** Members kept signed in on their own devices: refresh tokens that rotate, expire and can be revoked. */
describe('member sessions', () => {
  let t: TestApp;
  let b: TestBusiness;
  beforeAll(async () => {
    t = await createTestApp();
    b = await makeBusiness(t);
  });
  afterAll(async () => t.close());

  let n = 0;
  async function member() {
    const email = `dev-${++n}@example.test`;
    const j = await t
      .http()
      .post(`/api/join/${b.slug}`)
      .send({ firstName: 'Dev', email, password: 'member pass 1' })
      .expect(201);
    return { id: j.body.member.id as string, auth: { Authorization: `Bearer ${j.body.accessToken}` } };
  }
  const refresh = (refreshToken: string) => t.http().post('/api/auth/member/refresh').send({ refreshToken });

  it('a refresh token gets new access tokens for months; each use replaces it', async () => {
    const m = await member();
    const created = await t.http().post('/api/me/sessions').set(m.auth).send({ device: 'Pixel 8' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      refreshToken: expect.stringMatching(/^[0-9a-f-]{36}\.[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/),
      refreshExpiresAt: '2026-08-29T09:00:00.000Z', // 180 days
    });
    t.clock.advance(100 * 86_400_000);
    const r1 = await refresh(created.body.refreshToken);
    expect(r1.status).toBe(200);
    expect(r1.body).toMatchObject({ tokenType: 'Bearer', refreshExpiresAt: '2026-12-07T09:00:00.000Z' });
    expect(r1.body.refreshToken).not.toBe(created.body.refreshToken);
    const me = await t
      .http()
      .get('/api/me')
      .set({ Authorization: `Bearer ${r1.body.accessToken}` });
    expect(me.body.id).toBe(m.id);
    // The replaced token no longer works; the new one does.
    const again = await refresh(created.body.refreshToken);
    expect([again.status, again.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await refresh(r1.body.refreshToken)).status).toBe(200);
  });

  it('expires 180 days after its last use', async () => {
    const m = await member();
    const s = (await t.http().post('/api/me/sessions').set(m.auth).send({}).expect(201)).body;
    t.clock.advance(180 * 86_400_000);
    expect((await refresh(s.refreshToken)).status).toBe(401);
  });

  it('the member lists their devices and signs one out; logging out on the device revokes it too', async () => {
    const m = await member();
    const phone = (await t.http().post('/api/me/sessions').set(m.auth).send({ device: 'Phone' })).body;
    t.clock.advance(1000);
    const tablet = (await t.http().post('/api/me/sessions').set(m.auth).send({ device: 'Tablet' })).body;
    const list = await t.http().get('/api/me/sessions').set(m.auth).expect(200);
    expect(list.body.items.map((s: { device: string }) => s.device)).toEqual(['Tablet', 'Phone']);
    const phoneId = list.body.items[1].id as string;

    // Another member cannot sign this member's device out.
    const other = await member();
    expect((await t.http().delete(`/api/me/sessions/${phoneId}`).set(other.auth)).status).toBe(404);
    expect((await refresh(phone.refreshToken)).status).toBe(200);

    await t.http().delete(`/api/me/sessions/${phoneId}`).set(m.auth).expect(204);
    expect((await t.http().delete(`/api/me/sessions/${phoneId}`).set(m.auth)).status).toBe(404);
    await t.http().post('/api/auth/member/logout').send({ refreshToken: tablet.refreshToken }).expect(204);
    expect((await refresh(tablet.refreshToken)).status).toBe(401);
    expect((await t.http().get('/api/me/sessions').set(m.auth)).body.items).toEqual([]);
  });

  it('refuses malformed and forged tokens, and staff cannot make member sessions', async () => {
    const m = await member();
    const s = (await t.http().post('/api/me/sessions').set(m.auth).send({}).expect(201)).body;
    const [biz, id] = (s.refreshToken as string).split('.');
    for (const bad of ['x', 'a.b.c', `${biz}.${id}.${'A'.repeat(43)}`, `${biz}.${id}`]) {
      const r = await refresh(bad);
      expect([bad, r.status]).toEqual([bad, 401]);
    }
    for (const body of [{}, { refreshToken: 5 }, { refreshToken: '' }, { refreshToken: 'x'.repeat(201) }])
      expect((await t.http().post('/api/auth/member/refresh').send(body)).status).toBe(400);
    expect((await t.http().post('/api/me/sessions').set(b.auth).send({})).status).toBe(403);
    expect(
      (
        await t
          .http()
          .post('/api/me/sessions')
          .set(m.auth)
          .send({ device: 'x'.repeat(121) })
      ).status,
    ).toBe(400);
    // The genuine token still works after all that.
    expect((await refresh(s.refreshToken)).status).toBe(200);
  });
});
