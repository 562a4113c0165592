import { Client, Pool } from 'pg';
import { npsCategory } from '@regulars/retention';
import { consumeEvent } from '../../apps/api/src/events/consumer';
import { SurveyInvitationConsumer } from '../../apps/api/src/surveys/survey-invitation.consumer';
import { RetentionSummaryConsumer } from '../../apps/api/src/retention/retention-summary.consumer';
import { SurveysService } from '../../apps/api/src/surveys/surveys.service';
import { createTestApp, TestApp } from '../support/app';
import { badBodies, ERROR_BODY, snapshot } from '../support/bad-input';
import { makeBusiness, makeMember, makeStaff, TestBusiness } from '../support/factories';
import { publishRules, txn } from '../support/loyalty';

/**
 * NPS surveys end to end: the invitation trigger on purchase events (through
 * the real consumer path), answering by link and by receipt code (JSON API
 * and the HTML page), results against a brute force, detractors on the call
 * list, bad input and other businesses.
 */
describe('surveys', () => {
  let t: TestApp;
  let b: TestBusiness;
  let other: TestBusiness;
  let consumer: SurveyInvitationConsumer;
  let surveys: SurveysService;
  let pool: Pool;
  let pg: Client;

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-03-02T10:00:00Z' });
    consumer = t.app.get(SurveyInvitationConsumer);
    surveys = t.app.get(SurveysService);
    pool = new Pool({ connectionString: t.db.url, max: 6 });
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    b = await makeBusiness(t);
    other = await makeBusiness(t);
    await publishRules(t, b);
    await publishRules(t, other);
  });
  afterAll(async () => {
    await pg.end();
    await pool.end();
    await t.close();
  });
  beforeEach(() => t.clock.set('2026-03-02T10:00:00Z'));

  async function consumeAll(businessId: string) {
    const events = await pg.query<{ id: string }>(
      `SELECT id::text FROM domain_events WHERE business_id = $1 AND type = ANY($2) ORDER BY id`,
      [businessId, consumer.types],
    );
    for (const e of events.rows) await consumeEvent(pool, consumer, businessId, e.id);
  }

  async function purchase(biz: TestBusiness, payload: string, total = 1000, locationId?: string) {
    const r = await t
      .http()
      .post('/api/pos/purchases')
      .set(biz.auth)
      .send({
        transactionId: txn(),
        member: { cardPayload: payload },
        total,
        ...(locationId ? { locationId } : {}),
      });
    expect(r.status).toBe(201);
    const id = (r.body.purchase?.id ?? r.body.id) as string;
    const code = (r.body.purchase?.receiptCode ?? r.body.receiptCode) as string;
    expect(code).toMatch(/^[0-9A-F]{8}$/);
    return { id, receiptCode: code };
  }

  const invitationsOf = async (memberId: string) =>
    (
      await pg.query<{
        purchase_id: string;
        source: string;
        score: number | null;
        message_id: string | null;
      }>(
        `SELECT purchase_id, source, score, message_id FROM survey_invitations
          WHERE business_id = $1 AND member_id = $2 ORDER BY invited_at`,
        [b.id, memberId],
      )
    ).rows;

  const surveyMessages = async (memberId: string) =>
    (
      await pg.query<{
        idempotency_key: string;
        status: string;
        suppressed_reason: string | null;
        text: string;
      }>(
        `SELECT idempotency_key, status, suppressed_reason, text FROM messages
          WHERE business_id = $1 AND member_id = $2 AND type = 'survey' ORDER BY created_at`,
        [b.id, memberId],
      )
    ).rows;

  const tokenIn = (text: string) => /\/survey\/([A-Za-z0-9_-]{64})/.exec(text)?.[1] as string;

  it('a purchase → one survey e-mail with a signed link; none again within 90 days; one after', async () => {
    const m = await makeMember(t, b, { firstName: 'Ana', marketingConsent: true });
    const p1 = await purchase(b, m.card.payload);
    await consumeAll(b.id);
    let inv = await invitationsOf(m.id);
    expect(inv.map((i) => [i.purchase_id, i.source, i.score])).toEqual([[p1.id, 'message', null]]);
    const msgs = await surveyMessages(m.id);
    expect(msgs.map((x) => [x.idempotency_key, x.status])).toEqual([[`survey:${p1.id}`, 'queued']]);
    expect(msgs[0].text).toContain('how likely are you to recommend');
    const token = tokenIn(msgs[0].text);
    expect(surveys.tokens.verify(token)).toEqual({ businessId: b.id, purchaseId: p1.id });

    // Another purchase 10 days later and one 89 days later: no new invitation.
    t.clock.set('2026-03-12T10:00:00Z');
    await purchase(b, m.card.payload);
    t.clock.set('2026-05-30T09:00:00Z'); // 88.96 days later
    await purchase(b, m.card.payload);
    await consumeAll(b.id);
    expect(await invitationsOf(m.id)).toHaveLength(1);
    expect(await surveyMessages(m.id)).toHaveLength(1);

    // 91 days after the first: a second invitation.
    t.clock.set('2026-06-01T10:00:00Z');
    const p4 = await purchase(b, m.card.payload);
    await consumeAll(b.id);
    inv = await invitationsOf(m.id);
    expect(inv.map((i) => i.purchase_id)).toEqual([p1.id, p4.id]);
    expect(await surveyMessages(m.id)).toHaveLength(2);

    // Applied again past event_consumptions (as after a rollback): the same row, the same message.
    const ev = await pg.query<{ id: string; occurred_at: Date; recorded_at: Date; payload: object }>(
      `SELECT id::text, occurred_at, recorded_at, payload FROM domain_events
        WHERE business_id = $1 AND type = 'purchase.recorded' AND payload->>'purchaseId' = $2`,
      [b.id, p4.id],
    );
    const c = await pool.connect();
    try {
      const e = ev.rows[0];
      await c.query('BEGIN');
      await consumer.handle(c, {
        businessId: b.id,
        id: e.id,
        type: 'purchase.recorded',
        payload: e.payload as never,
        occurredAt: e.occurred_at,
        recordedAt: e.recorded_at,
      });
      await c.query('COMMIT');
    } finally {
      c.release();
    }
    expect(await invitationsOf(m.id)).toHaveLength(2);
    expect(await surveyMessages(m.id)).toHaveLength(2);
  });

  it('a purchase recorded more than 7 days after it happened (late or imported) → no invitation', async () => {
    const m = await makeMember(t, b, { marketingConsent: true });
    const r = await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({
        transactionId: txn(),
        member: { cardPayload: m.card.payload },
        total: 900,
        occurredAt: '2026-02-20T10:00:00Z',
      });
    expect(r.status).toBe(201);
    await consumeAll(b.id);
    expect(await invitationsOf(m.id)).toEqual([]);
    expect(await surveyMessages(m.id)).toEqual([]);
  });

  it('two purchases consumed at the same moment on parallel connections → one invitation', async () => {
    const m = await makeMember(t, b, { marketingConsent: true });
    await purchase(b, m.card.payload);
    await purchase(b, m.card.payload, 700);
    const events = await pg.query<{ id: string }>(
      `SELECT id::text FROM domain_events WHERE business_id = $1 AND type = 'purchase.recorded'
          AND payload->>'memberId' = $2 ORDER BY id`,
      [b.id, m.id],
    );
    expect(events.rows).toHaveLength(2);
    const outcomes = await Promise.all(events.rows.map((e) => consumeEvent(pool, consumer, b.id, e.id)));
    expect(outcomes).toEqual(['applied', 'applied']);
    expect(await invitationsOf(m.id)).toHaveLength(1);
    expect(await surveyMessages(m.id)).toHaveLength(1);
  });

  it('no marketing consent → the message is suppressed and no invitation is kept; template off → nothing', async () => {
    const m = await makeMember(t, b, { marketingConsent: false });
    await purchase(b, m.card.payload);
    await consumeAll(b.id);
    expect(await invitationsOf(m.id)).toEqual([]);
    expect((await surveyMessages(m.id)).map((x) => [x.status, x.suppressed_reason])).toEqual([
      ['suppressed', 'no_consent'],
    ]);

    await t.http().patch('/api/messages/templates/survey').set(b.auth).send({ enabled: false }).expect(200);
    const n = await makeMember(t, b, { marketingConsent: true });
    await purchase(b, n.card.payload);
    await consumeAll(b.id);
    expect(await invitationsOf(n.id)).toEqual([]);
    expect(await surveyMessages(n.id)).toEqual([]);
    await t.http().patch('/api/messages/templates/survey').set(b.auth).send({ enabled: true }).expect(200);
  });

  async function invited(biz: TestBusiness = b, fields: Record<string, unknown> = {}) {
    const m = await makeMember(t, biz, { marketingConsent: true, ...fields });
    const p = await purchase(biz, m.card.payload);
    await consumeAll(biz.id);
    return { m, p, token: surveys.tokens.sign(biz.id, p.id) };
  }

  it('answering by link: once; the token cannot be reused; a forged one is 404, a malformed one 400', async () => {
    const { m, token } = await invited(b, { firstName: 'Cleo' });
    const shown = await t.http().get(`/api/surveys/answer/${token}`).expect(200);
    expect(shown.body).toMatchObject({ firstName: 'Cleo', answered: false, score: null });

    const r = await t.http().post(`/api/surveys/answer/${token}`).send({ score: 9, comment: '  Lovely  ' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ answered: true, score: 9, comment: 'Lovely' });

    const before = await snapshot(pg);
    const again = await t.http().post(`/api/surveys/answer/${token}`).send({ score: 2 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    const page = await t.http().post(`/survey/${token}`).type('form').send({ score: '1' });
    expect(page.status).toBe(409);
    expect(page.text).toContain('already answered');
    expect(await snapshot(pg)).toEqual(before);
    expect((await invitationsOf(m.id))[0].score).toBe(9);

    const forged = token.slice(0, 60) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await t.http().post(`/api/surveys/answer/${forged}`).send({ score: 5 })).status).toBe(404);
    expect((await t.http().get(`/api/surveys/answer/${forged}`)).status).toBe(404);
    expect((await t.http().get(`/survey/${forged}`)).status).toBe(404);
    const malformed = await t.http().post('/api/surveys/answer/not-a-token').send({ score: 5 });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual(ERROR_BODY);
    // A link signed for a purchase that had no invitation (another secret's or an unknown purchase): 404.
    const unknown = surveys.tokens.sign(b.id, '00000000-0000-4000-8000-000000000000');
    expect((await t.http().get(`/api/surveys/answer/${unknown}`)).status).toBe(404);
    expect(await snapshot(pg)).toEqual(before);
  });

  it('the HTML page: a phone form of 0-10 radios and a comment; the form post answers once', async () => {
    const { m, token } = await invited(b, { firstName: 'Dora' });
    const get = await t.http().get(`/survey/${token}`).expect(200);
    expect(get.headers['content-type']).toMatch(/text\/html/);
    expect(get.headers['cache-control']).toBe('no-store');
    expect(get.text).toContain('Hello Dora,');
    expect((get.text.match(/type="radio" name="score"/g) ?? []).length).toBe(11);
    expect(get.text).toContain('<label class="field" for="comment">');

    const bad = await t.http().post(`/survey/${token}`).type('form').send({ score: '11', comment: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Please choose a number from 0 to 10.');
    expect(await invitationsOf(m.id)).toMatchObject([{ score: null }]);

    const ok = await t
      .http()
      .post(`/survey/${token}`)
      .type('form')
      .send({ score: '4', comment: 'Cold coffee' });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('Thank you!');
    expect((await t.http().get(`/survey/${token}`)).text).toContain('already answered');
    expect(await invitationsOf(m.id)).toMatchObject([{ score: 4 }]);
  });

  it('answering with a receipt code: once per purchase, once per member in 90 days; codes of other shops 404', async () => {
    const m = await makeMember(t, b, { marketingConsent: false }); // no e-mail invitation
    const p = await purchase(b, m.card.payload);
    const p2 = await purchase(b, m.card.payload);
    await consumeAll(b.id);
    expect(await invitationsOf(m.id)).toEqual([]);
    const code = `${p.receiptCode.slice(0, 4).toLowerCase()}-${p.receiptCode.slice(4)}`;
    const r = await t
      .http()
      .post('/api/surveys/receipt')
      .send({ slug: b.slug, receiptCode: code, score: 10, comment: 'Best croissant' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ answered: true, score: 10 });
    expect((await invitationsOf(m.id)).map((i) => [i.purchase_id, i.source, i.score])).toEqual([
      [p.id, 'receipt', 10],
    ]);
    const before = await snapshot(pg);
    const again = await t
      .http()
      .post('/api/surveys/receipt')
      .send({ slug: b.slug, receiptCode: p.receiptCode, score: 3 });
    expect(again.status).toBe(409);
    const second = await t
      .http()
      .post('/api/surveys/receipt')
      .send({ slug: b.slug, receiptCode: p2.receiptCode, score: 3 });
    expect(second.status).toBe(409);
    // The receipt code at another shop: 404.
    const elsewhere = await t
      .http()
      .post('/api/surveys/receipt')
      .send({ slug: other.slug, receiptCode: p.receiptCode, score: 3 });
    expect(elsewhere.status).toBe(404);
    expect((await t.http().get(`/survey/at/${b.slug}`)).text).toContain('Receipt code');
    expect((await t.http().get('/survey/at/no-such-shop')).status).toBe(404);
    expect(await snapshot(pg)).toEqual(before);

    // A receipt older than 30 days: 404.
    const n = await makeMember(t, b, { marketingConsent: false });
    const old = await purchase(b, n.card.payload);
    t.clock.set('2026-04-05T10:00:00Z');
    expect(
      (
        await t
          .http()
          .post('/api/surveys/receipt')
          .send({ slug: b.slug, receiptCode: old.receiptCode, score: 8 })
      ).status,
    ).toBe(404);
    // The HTML form answers with a fresh receipt.
    const fresh = await purchase(b, n.card.payload);
    const form = await t
      .http()
      .post(`/survey/at/${b.slug}`)
      .type('form')
      .send({ receiptCode: fresh.receiptCode, score: '7', comment: '' });
    expect(form.status).toBe(200);
    expect(form.text).toContain('Your answer: 7 of 10.');
  });

  it('bad input on every survey endpoint → 400, nothing written', async () => {
    const { token } = await invited();
    const m = await makeMember(t, b, { marketingConsent: false });
    const p = await purchase(b, m.card.payload);
    const before = await snapshot(pg);
    for (const [name, body] of badBodies({ score: 7, comment: 'ok' }, ['score'])) {
      const r = await t
        .http()
        .post(`/api/surveys/answer/${token}`)
        .send(body as object);
      expect({ name, status: r.status }).toEqual({ name, status: 400 });
      expect(r.body).toEqual(ERROR_BODY);
    }
    for (const [name, body] of badBodies(
      { slug: b.slug, receiptCode: p.receiptCode, score: 7, comment: 'ok' },
      ['slug', 'receiptCode', 'score'],
    )) {
      const r = await t
        .http()
        .post('/api/surveys/receipt')
        .send(body as object);
      expect({ name, status: r.status }).toEqual({ name, status: 400 });
      expect(r.body).toEqual(ERROR_BODY);
    }
    for (const score of ['', '-1', '11', '5.5', 'ten'])
      expect((await t.http().post(`/survey/${token}`).type('form').send({ score })).status).toBe(400);
    expect(
      (
        await t
          .http()
          .post(`/survey/${token}`)
          .type('form')
          .send({ score: '5', comment: 'x'.repeat(1001) })
      ).status,
    ).toBe(400);
    expect(
      (await t.http().post(`/survey/at/${b.slug}`).type('form').send({ receiptCode: 'XYZ', score: '5' }))
        .status,
    ).toBe(400);
    for (const q of ['from=2026-13', 'to=26-01', 'from=2026-05&to=2026-01', 'from=1990-01&to=2026-01'])
      expect({ q, status: (await t.http().get(`/api/surveys/results?${q}`).set(b.auth)).status }).toEqual({
        q,
        status: 400,
      });
    for (const q of ['category=angry', 'limit=0', 'limit=500', 'memberId=nope'])
      expect({ q, status: (await t.http().get(`/api/surveys/responses?${q}`).set(b.auth)).status }).toEqual({
        q,
        status: 400,
      });
    expect(await snapshot(pg)).toEqual(before);
  });

  it('results by location and month equal a brute force over the answers; CSV has the same numbers', async () => {
    const biz = await makeBusiness(t, { timeZone: 'Europe/Berlin' });
    await publishRules(t, biz);
    const loc2 = (
      await t.http().post('/api/locations').set(biz.auth).send({ name: 'Station kiosk' }).expect(201)
    ).body.id as string;
    // Seeded answers over three months (one at 23:30 UTC on 31 March = 1 April in Berlin).
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const times = [
      '2026-01-15T10:00:00Z',
      '2026-02-20T10:00:00Z',
      '2026-03-31T23:30:00Z',
      '2026-03-10T08:00:00Z',
    ];
    const answers: { loc: string; month: string; score: number }[] = [];
    const members = await Promise.all(
      Array.from({ length: 6 }, () => makeMember(t, biz, { marketingConsent: false })),
    );
    for (let i = 0; i < 36; i++) {
      const loc = i % 3 === 0 ? loc2 : biz.locationId;
      const at = times[i % times.length];
      t.clock.set('2026-01-10T10:00:00Z');
      const p = await purchase(biz, members[i % members.length].card.payload, 500, loc);
      const score = Math.floor(rnd() * 11);
      await pg.query(
        `INSERT INTO survey_invitations (business_id, purchase_id, member_id, location_id, source, invited_at, score, answered_at)
         SELECT business_id, id, member_id, location_id, 'receipt', $3, $4, $3 FROM purchases WHERE business_id = $1 AND id = $2`,
        [biz.id, p.id, at, score],
      );
      const month = at.startsWith('2026-03-31T23') ? '2026-04' : at.slice(0, 7);
      answers.push({ loc, month, score });
    }
    t.clock.set('2026-04-15T10:00:00Z');
    const r = await t.http().get('/api/surveys/results?from=2026-01&to=2026-04').set(biz.auth).expect(200);
    const brute = (xs: number[]) => {
      const p = xs.filter((s) => s >= 9).length;
      const d = xs.filter((s) => s <= 6).length;
      return {
        responses: xs.length,
        promoters: p,
        detractors: d,
        nps: Math.round((1000 * (p - d)) / xs.length) / 10,
      };
    };
    const expectedRows = [];
    for (const month of ['2026-01', '2026-02', '2026-03', '2026-04'])
      for (const loc of [biz.locationId, loc2]) {
        const xs = answers.filter((a) => a.month === month && a.loc === loc).map((a) => a.score);
        if (xs.length) expectedRows.push({ month, locationId: loc, ...brute(xs) });
      }
    const got = r.body.rows.map((x: Record<string, unknown>) => ({
      month: x.month,
      locationId: x.locationId,
      responses: x.responses,
      promoters: x.promoters,
      detractors: x.detractors,
      nps: x.nps,
    }));
    const key = (x: { month: unknown; locationId: unknown }) => `${String(x.month)}|${String(x.locationId)}`;
    expect([...got].sort((a, c) => (key(a) < key(c) ? -1 : 1))).toEqual(
      expectedRows.sort((a, c) => (key(a) < key(c) ? -1 : 1)),
    );
    expect(r.body.total).toMatchObject(brute(answers.map((a) => a.score)));
    expect(r.body.months.map((x: { month: string }) => x.month)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
    ]);
    expect(r.body.rows.find((x: { locationId: string }) => x.locationId === loc2).locationName).toBe(
      'Station kiosk',
    );
    // Every answer is one of the three categories.
    expect(answers.every((a) => ['promoter', 'passive', 'detractor'].includes(npsCategory(a.score)))).toBe(
      true,
    );

    const csv = await t
      .http()
      .get('/api/surveys/results.csv?from=2026-01&to=2026-04')
      .set(biz.auth)
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('month,location,responses,promoters,passives,detractors,nps');
    expect(lines).toHaveLength(1 + r.body.rows.length + r.body.months.length);
    const jan = r.body.months[0];
    expect(lines).toContain(
      `2026-01,All locations,${jan.responses},${jan.promoters},${jan.passives},${jan.detractors},${jan.nps}`,
    );

    // Another business sees none of it.
    const o = await t.http().get('/api/surveys/results?from=2026-01&to=2026-04').set(other.auth).expect(200);
    expect(o.body.total.responses).toBe(0);
  });

  it('a detractor lands on the at-risk call list with the comment, until a call is recorded after it', async () => {
    const { m, token } = await invited(b, { firstName: 'Eve' });
    await t
      .http()
      .post(`/api/surveys/answer/${token}`)
      .send({ score: 3, comment: 'Waited 20 minutes' })
      .expect(200);
    // The call list reads the retention summaries, kept by their own consumer (the job queue in production).
    const summaries = new RetentionSummaryConsumer();
    const events = await pg.query<{ id: string }>(
      `SELECT id::text FROM domain_events WHERE business_id = $1 AND type = ANY($2) ORDER BY id`,
      [b.id, summaries.types],
    );
    for (const e of events.rows) await consumeEvent(pool, summaries, b.id, e.id);
    const list = await t.http().get('/api/retention/at-risk').set(b.auth).expect(200);
    const entry = list.body.customers.find((c: { customerId: string }) => c.customerId === m.id);
    expect(entry).toBeDefined();
    expect(entry.flag).toMatchObject({ kind: 'survey', score: 3, comment: 'Waited 20 minutes' });
    expect(list.body.customers[0].flag).toBeDefined(); // flagged customers first

    const det = await t.http().get('/api/surveys/responses?category=detractor').set(b.auth).expect(200);
    expect(det.body.items.find((x: { memberId: string }) => x.memberId === m.id)).toMatchObject({
      score: 3,
      category: 'detractor',
      comment: 'Waited 20 minutes',
    });

    const manager = await makeStaff(t, b, 'manager');
    t.clock.set('2026-03-02T11:00:00Z');
    await t
      .http()
      .post('/api/retention/calls')
      .set(manager.auth)
      .send({ customerId: m.id, reached: true, reason: 'service', outcome: 'will_return' })
      .expect(201);
    const after = await t.http().get('/api/retention/at-risk').set(b.auth).expect(200);
    const again = after.body.customers.find((c: { customerId: string }) => c.customerId === m.id);
    expect(again?.flag).toBeUndefined();
  });

  it("another business's credentials: 404 for its members, and none of this business's answers", async () => {
    const { m, token } = await invited();
    await t.http().post(`/api/surveys/answer/${token}`).send({ score: 6 }).expect(200);
    const before = await snapshot(pg);
    expect((await t.http().get(`/api/surveys/responses?memberId=${m.id}`).set(other.auth)).status).toBe(404);
    expect((await t.http().get('/api/surveys/responses').set(other.auth)).body).toEqual({ items: [] });
    const mine = await t.http().get(`/api/surveys/responses?memberId=${m.id}`).set(b.auth).expect(200);
    expect(mine.body.items).toHaveLength(1);
    // A cashier may not read results; no credentials → 401.
    const cashier = await makeStaff(t, b, 'cashier');
    expect((await t.http().get('/api/surveys/results').set(cashier.auth)).status).toBe(403);
    expect((await t.http().get('/api/surveys/results')).status).toBe(401);
    const after = await snapshot(pg);
    delete after.staff_users;
    delete before.staff_users;
    delete after.staff_sessions;
    delete before.staff_sessions;
    expect(after).toEqual(before);
  });
});
