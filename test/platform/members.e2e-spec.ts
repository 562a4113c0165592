import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { createTestApp, TestApp } from '../support/app';
import { joinMember, makeBusiness, makeMember, makeStaff } from '../support/factories';

function decodeQr(png: Buffer): string | null {
  const img = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data ?? null;
}

const binary = (
  res: NodeJS.ReadableStream & { setEncoding?: unknown },
  cb: (e: Error | null, b: Buffer) => void,
) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('members and cards', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('enrols at the counter with consecutive member numbers and normalised contact data', async () => {
    const b = await makeBusiness(t);
    const cashier = await makeStaff(t, b, 'cashier');
    const r1 = await t
      .http()
      .post('/api/members')
      .set(cashier.auth)
      .send({ firstName: 'Ana', lastName: 'Silva', phone: '+49 (151) 234-5678', marketingConsent: true });
    expect(r1.status).toBe(201);
    expect(r1.body).toMatchObject({
      firstName: 'Ana',
      phone: '+491512345678',
      email: null,
      marketingConsent: true,
      source: 'counter',
    });
    expect(r1.body.marketingConsentAt).toBe(t.clock.now().toISOString());
    expect(r1.body.card.payload).toMatch(/^RG1\./);
    const r2 = await t
      .http()
      .post('/api/members')
      .set(cashier.auth)
      .send({ firstName: 'Ben', email: 'Ben@Example.test' });
    expect(BigInt(r2.body.memberNumber)).toBe(BigInt(r1.body.memberNumber) + 1n);
    expect(r2.body.email).toBe('ben@example.test');
  });

  it('refuses duplicate email or phone within a business (409), but allows them in another business', async () => {
    const b = await makeBusiness(t);
    await makeMember(t, b, { email: 'dup@example.test', phone: '0151 999 888' });
    const e = await t
      .http()
      .post('/api/members')
      .set(b.auth)
      .send({ firstName: 'X', email: 'DUP@example.test' });
    expect(e.status).toBe(409);
    expect(e.body.error.details).toEqual({ field: 'email' });
    const p = await t.http().post('/api/members').set(b.auth).send({ firstName: 'X', phone: '0151-999-888' });
    expect(p.status).toBe(409);
    expect(p.body.error.details).toEqual({ field: 'phone' });
    const other = await makeBusiness(t);
    expect(
      (
        await t
          .http()
          .post('/api/members')
          .set(other.auth)
          .send({ firstName: 'X', email: 'dup@example.test' })
      ).status,
    ).toBe(201);
  });

  it('requires an email or a phone at the counter', async () => {
    const b = await makeBusiness(t);
    const r = await t.http().post('/api/members').set(b.auth).send({ firstName: 'Nobody' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('searches by name, email, phone and member number, with keyset pagination', async () => {
    const b = await makeBusiness(t);
    const zoe = await makeMember(t, b, {
      firstName: 'Zoë',
      lastName: 'Quartermaine',
      email: 'zq@example.test',
      phone: '+44 7700 900123',
    });
    for (let i = 0; i < 5; i++) await makeMember(t, b, { firstName: 'Sam', lastName: `Smith ${i}` });
    const find = async (q: string) =>
      (await t.http().get('/api/members').query({ q }).set(b.auth)).body.items.map(
        (m: { id: string }) => m.id,
      );
    expect(await find('quarter')).toEqual([zoe.id]);
    expect(await find('zq@example')).toEqual([zoe.id]);
    expect(await find('900123')).toEqual([zoe.id]);
    expect(await find(zoe.memberNumber)).toEqual([zoe.id]);
    expect(await find('50%_')).toEqual([]);
    const page1 = await t.http().get('/api/members').query({ q: 'smith', limit: 3 }).set(b.auth);
    expect(page1.body.items).toHaveLength(3);
    const page2 = await t
      .http()
      .get('/api/members')
      .query({ q: 'smith', limit: 3, cursor: page1.body.nextCursor })
      .set(b.auth);
    expect(page2.body.items).toHaveLength(2);
    expect(page2.body.nextCursor).toBeNull();
    const byNumber = await t.http().get(`/api/members/by-number/${zoe.memberNumber}`).set(b.auth);
    expect(byNumber.body.id).toBe(zoe.id);
  });

  it('self sign-up through the join link, then the member sees their own card', async () => {
    const b = await makeBusiness(t);
    const info = await t.http().get(`/api/join/${b.slug}`).expect(200);
    expect(info.body.slug).toBe(b.slug);
    const j = await joinMember(t, b.slug, {
      firstName: 'Cy',
      email: 'cy@example.test',
      password: 'member pass 3',
      birthday: '1991-02-03',
    });
    expect(j.member.source).toBe('join');
    const auth = j.auth;
    const card = await t.http().get('/api/me/card').set(auth).expect(200);
    expect(card.body.payload).toBe(j.card.payload);
    const png = await t
      .http()
      .get('/api/me/card.png')
      .set(auth)
      .buffer(true)
      .parse(binary as never);
    expect(png.headers['content-type']).toBe('image/png');
    expect(decodeQr(png.body as Buffer)).toBe(card.body.payload);
    const svg = await t
      .http()
      .get('/api/me/card.svg')
      .set(auth)
      .buffer(true)
      .parse(binary as never);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect((svg.body as Buffer).toString('utf8')).toMatch(/^<svg[\s\S]*<path[\s\S]*<\/svg>\s*$/);
    expect((await t.http().get('/api/join/no-such-business')).status).toBe(404);
    const consent = await t.http().patch('/api/me').set(auth).send({ marketingConsent: true });
    expect(consent.body.marketingConsent).toBe(true);
  });

  it('the card PNG served to staff decodes to a payload the scan endpoint accepts', async () => {
    const b = await makeBusiness(t);
    const m = await makeMember(t, b);
    const png = await t
      .http()
      .get(`/api/members/${m.id}/card.png`)
      .set(b.auth)
      .buffer(true)
      .parse(binary as never);
    const payload = decodeQr(png.body as Buffer);
    expect(payload).toBe(m.card.payload);
    const s = await t.http().post('/api/scan').set(b.auth).send({ payload });
    expect(s.status).toBe(200);
    expect(s.body.member).toMatchObject({ id: m.id, memberNumber: m.memberNumber });
  });

  describe('QR payload checks at the scan endpoint', () => {
    it('refuses a tampered payload', async () => {
      const b = await makeBusiness(t);
      const m = await makeMember(t, b);
      const p = m.card.payload;
      const i = 20;
      const tampered = p.slice(0, i) + (p[i] === 'A' ? 'B' : 'A') + p.slice(i + 1);
      const r = await t.http().post('/api/scan').set(b.auth).send({ payload: tampered });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('CARD_INVALID');
    });

    it('refuses a card of another business without revealing its member', async () => {
      const a = await makeBusiness(t);
      const b = await makeBusiness(t);
      const m = await makeMember(t, a);
      const r = await t.http().post('/api/scan').set(b.auth).send({ payload: m.card.payload });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('CARD_FOREIGN_BUSINESS');
      expect(JSON.stringify(r.body)).not.toContain(m.id);
    });

    it('refuses a revoked card; the reissued card works', async () => {
      const b = await makeBusiness(t);
      const m = await makeMember(t, b);
      const revoked = await t
        .http()
        .post(`/api/members/${m.id}/card/revoke`)
        .set(b.auth)
        .send({ reason: 'lost phone' });
      expect(revoked.body).toMatchObject({ status: 'revoked', revokedReason: 'lost phone' });
      const r = await t.http().post('/api/scan').set(b.auth).send({ payload: m.card.payload });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('CARD_REVOKED');
      expect((await t.http().get(`/api/members/${m.id}/card`).set(b.auth)).status).toBe(404);
      const fresh = await t.http().post(`/api/members/${m.id}/card/reissue`).set(b.auth).send({});
      expect(fresh.status).toBe(201);
      expect(fresh.body.payload).not.toBe(m.card.payload);
      expect(
        (await t.http().post('/api/scan').set(b.auth).send({ payload: fresh.body.payload })).status,
      ).toBe(200);
      // Reissue again: the previous new card is revoked too; exactly one active card remains.
      const again = await t.http().post(`/api/members/${m.id}/card/reissue`).set(b.auth).send({});
      expect(
        (await t.http().post('/api/scan').set(b.auth).send({ payload: fresh.body.payload })).body.error.code,
      ).toBe('CARD_REVOKED');
      const cards = await t.http().get(`/api/members/${m.id}/cards`).set(b.auth);
      expect(
        cards.body.items
          .filter((c: { status: string }) => c.status === 'active')
          .map((c: { id: string }) => c.id),
      ).toEqual([again.body.id]);
    });

    it('concurrent reissues leave exactly one active card', async () => {
      const b = await makeBusiness(t);
      const m = await makeMember(t, b);
      const rs = await Promise.all(
        Array.from({ length: 6 }, () =>
          t.http().post(`/api/members/${m.id}/card/reissue`).set(b.auth).send({}),
        ),
      );
      expect(rs.map((r) => r.status)).toEqual(Array(6).fill(201));
      const cards = await t.http().get(`/api/members/${m.id}/cards`).set(b.auth);
      expect(cards.body.items.filter((c: { status: string }) => c.status === 'active')).toHaveLength(1);
    });

    it.each(['hello', 'https://evil.example/x', 'RG1.', `RG1.${'A'.repeat(64)}`])(
      'refuses malformed payload %p',
      async (payload) => {
        const b = await makeBusiness(t);
        const r = await t.http().post('/api/scan').set(b.auth).send({ payload });
        expect(r.status).toBe(422);
        expect(r.body.error.code).toBe('CARD_INVALID');
      },
    );
  });
});
