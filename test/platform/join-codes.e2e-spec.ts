import { Client } from 'pg';
import { createTestApp, TestApp } from '../support/app';
import { captureSignInCodes, makeBusiness, makeMember, TestBusiness } from '../support/factories';

/**
 * The public join link and one-time sign-in codes (issue 11, items 6 and 7):
 * joining answers the same whether or not the email or phone is a member's;
 * the person is sent a code either way; members enrolled at the counter claim
 * their account with a code and can then set a password. Codes work once,
 * for 15 minutes, for 5 wrong guesses, and are stored hashed.
 */
describe('join link and sign-in codes', () => {
  let t: TestApp;
  let b: TestBusiness;
  let pg: Client;
  let inbox: ReturnType<typeof captureSignInCodes>;

  beforeAll(async () => {
    t = await createTestApp();
    b = await makeBusiness(t);
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
  });
  beforeEach(() => {
    inbox = captureSignInCodes(t);
  });
  afterEach(() => inbox.restore());
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  const join = (body: object, slug = b.slug) => t.http().post(`/api/join/${slug}`).send(body);
  const verify = (email: string, code: string, slug = b.slug) =>
    t.http().post('/api/auth/member/code/verify').send({ business: slug, email, code });
  const members = async (email: string) =>
    (await pg.query(`SELECT id FROM members WHERE business_id = $1 AND email = $2`, [b.id, email])).rows;

  it('answers a new and an existing email the same way; the existing member is not changed', async () => {
    const existing = await makeMember(t, b, {
      firstName: 'Eve',
      email: 'eve@example.test',
      phone: '0151 2223334',
    });
    const fresh = await join({ firstName: 'Fay', email: 'fay@example.test', password: 'fay password' });
    const sameEmail = await join({
      firstName: 'Mallory',
      email: 'EVE@example.test',
      password: 'mallory pass',
    });
    const samePhone = await join({
      firstName: 'Mallory',
      email: 'other@example.test',
      phone: '0151-222-3334',
    });
    for (const r of [fresh, sameEmail, samePhone]) {
      expect(r.status).toBe(202);
      expect(r.body).toEqual(fresh.body);
    }
    expect(fresh.body).toEqual({
      status: 'code_sent',
      message: expect.stringMatching(/code/),
      expiresInSeconds: 900,
    });
    expect(await members('fay@example.test')).toHaveLength(1);
    expect(await members('other@example.test')).toHaveLength(0);
    const eve = await t.http().get(`/api/members/${existing.id}`).set(b.auth);
    expect(eve.body.firstName).toBe('Eve');
    // Each person was sent a code: the new member to sign in, the existing member twice (told of the attempts).
    expect(inbox.sent.map((m) => [m.member.email, m.reason])).toEqual([
      ['fay@example.test', 'joined'],
      ['eve@example.test', 'already_member'],
      ['eve@example.test', 'already_member'],
    ]);
    // The password given with someone else's email does not open their account.
    const login = await t
      .http()
      .post('/api/auth/member/login')
      .send({ business: b.slug, email: 'eve@example.test', password: 'mallory pass' });
    expect(login.status).toBe(401);
  });

  it('a new member signs in with the code once; the password given at joining works too', async () => {
    await join({ firstName: 'Gus', email: 'gus@example.test', password: 'gus password' }).expect(202);
    const code = inbox.codeFor('gus@example.test')!;
    expect(code).toMatch(/^\d{6}$/);
    const stored = await pg.query<{ code_hash: string }>(`SELECT code_hash FROM member_sign_in_codes`);
    expect(stored.rows.map((r) => r.code_hash)).not.toContain(code);
    const ok = await verify('GUS@example.test', code);
    expect(ok.status).toBe(200);
    expect(ok.body.member.firstName).toBe('Gus');
    const me = await t
      .http()
      .get('/api/me')
      .set({ Authorization: `Bearer ${ok.body.accessToken}` });
    expect(me.body.email).toBe('gus@example.test');
    expect((await verify('gus@example.test', code)).status).toBe(401); // single use
    const login = await t
      .http()
      .post('/api/auth/member/login')
      .send({ business: b.slug, email: 'gus@example.test', password: 'gus password' });
    expect(login.status).toBe(200);
  });

  it('a member enrolled at the counter claims the account with a code and sets a password', async () => {
    const m = await makeMember(t, b, { firstName: 'Hal', email: 'hal@example.test' });
    const before = await t
      .http()
      .post('/api/auth/member/login')
      .send({ business: b.slug, email: 'hal@example.test', password: 'anything at all' });
    expect(before.status).toBe(401);
    const asked = await t
      .http()
      .post('/api/auth/member/code')
      .send({ business: b.slug, email: 'hal@example.test' });
    const unknown = await t
      .http()
      .post('/api/auth/member/code')
      .send({ business: b.slug, email: 'nobody@example.test' });
    expect(asked.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(asked.body);
    expect(inbox.sent.map((s) => [s.member.email, s.reason])).toEqual([['hal@example.test', 'requested']]);
    const signedIn = await verify('hal@example.test', inbox.codeFor('hal@example.test')!);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.member.id).toBe(m.id);
    const auth = { Authorization: `Bearer ${signedIn.body.accessToken}` };
    await t.http().patch('/api/me').set(auth).send({ password: 'hal new password' }).expect(200);
    const login = await t
      .http()
      .post('/api/auth/member/login')
      .send({ business: b.slug, email: 'hal@example.test', password: 'hal new password' });
    expect(login.status).toBe(200);
    expect(login.body.member.id).toBe(m.id);
  });

  it('a code dies after 5 wrong guesses, after 15 minutes, and when a newer one is sent', async () => {
    await makeMember(t, b, { firstName: 'Ivy', email: 'ivy@example.test' });
    const ask = () =>
      t.http().post('/api/auth/member/code').send({ business: b.slug, email: 'ivy@example.test' });
    await ask().expect(202);
    const first = inbox.codeFor('ivy@example.test')!;
    const wrong = first === '000000' ? '000001' : '000000';
    for (let i = 0; i < 5; i++) expect((await verify('ivy@example.test', wrong)).status).toBe(401);
    expect((await verify('ivy@example.test', first)).status).toBe(401);

    await ask().expect(202);
    const second = inbox.codeFor('ivy@example.test')!;
    t.clock.advance(15 * 60_000 + 1);
    expect((await verify('ivy@example.test', second)).status).toBe(401);

    await ask().expect(202);
    const third = inbox.codeFor('ivy@example.test')!;
    await ask().expect(202);
    const fourth = inbox.codeFor('ivy@example.test')!;
    if (third !== fourth) expect((await verify('ivy@example.test', third)).status).toBe(401);
    expect((await verify('ivy@example.test', fourth)).status).toBe(200);
  });

  it('sends at most 5 codes an hour to one member; the answer stays the same', async () => {
    await makeMember(t, b, { firstName: 'Jo', email: 'jo@example.test' });
    const answers = [];
    for (let i = 0; i < 7; i++)
      answers.push(
        await t.http().post('/api/auth/member/code').send({ business: b.slug, email: 'jo@example.test' }),
      );
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202, 202, 202]);
    expect(inbox.sent).toHaveLength(5);
    t.clock.advance(3_600_001);
    await t
      .http()
      .post('/api/auth/member/code')
      .send({ business: b.slug, email: 'jo@example.test' })
      .expect(202);
    expect(inbox.sent).toHaveLength(6);
  });

  it('a code of one business does not sign in at another', async () => {
    const other = await makeBusiness(t);
    await makeMember(t, other, { firstName: 'Kim', email: 'kim@example.test' });
    await makeMember(t, b, { firstName: 'Kim', email: 'kim@example.test' });
    await t
      .http()
      .post('/api/auth/member/code')
      .send({ business: other.slug, email: 'kim@example.test' })
      .expect(202);
    const code = inbox.codeFor('kim@example.test')!;
    expect((await verify('kim@example.test', code, b.slug)).status).toBe(401);
    expect((await verify('kim@example.test', code, other.slug)).status).toBe(200);
  });
});
