import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/config/config';
import { MessagingService, SendRequest } from '../../apps/api/src/messaging/messaging.service';
import { MessagingRepository } from '../../apps/api/src/messaging/messaging.repository';
import { createTestApp, TestApp } from '../support/app';
import { makeBusiness, makeMember, TestBusiness } from '../support/factories';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';

/**
 * E-mail end to end against a real SMTP server (smtp-server), parsed with
 * mailparser: text and HTML, Message-ID from the idempotency key,
 * List-Unsubscribe one-click, consent, quiet hours, the weekly cap, retries
 * and dead letters, a crash mid-send, and two sender loops at once.
 */
describe('messaging: e-mail through SMTP', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let b: TestBusiness;
  let messaging: MessagingService;
  let pg: Client;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({
      env: {
        SMTP_URL: sink.url,
        MAIL_FROM: 'Café <news@cafe.example>',
        MESSAGING_MAX_ATTEMPTS: '3',
        PUBLIC_URL: 'https://loyalty.cafe.example',
      },
      clockStart: '2026-03-02T10:00:00Z', // 11:00 in Berlin
    });
    messaging = t.app.get(MessagingService);
    b = await makeBusiness(t);
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
    await sink.close();
  });
  // Whatever a test left due is delivered before the next one starts (tests share one business).
  afterEach(async () => {
    t.clock.set('2026-06-01T10:00:00Z');
    await messaging.deliverDue();
  });
  beforeEach(() => {
    sink.mails.length = 0;
    sink.refuse.clear();
    t.clock.set('2026-03-02T10:00:00Z');
  });

  const req = (memberId: string, over: Partial<SendRequest> = {}): SendRequest => ({
    businessId: b.id,
    memberId,
    type: 'welcome',
    channel: 'email',
    variables: {},
    idempotencyKey: `k-${randomUUID()}`,
    marketing: false,
    ...over,
  });

  it('sends a service message with text, HTML and a Message-ID derived from the idempotency key', async () => {
    const m = await makeMember(t, b, { firstName: 'Ana <b>' });
    const queued = await messaging.send(
      req(m.id, { type: 'points_expiring', variables: { points: 1250, expiryDate: '2026-04-30' } }),
    );
    expect(queued.status).toBe('queued');
    expect(await messaging.deliverDue()).toMatchObject({ sent: 1, failed: 0, dead: 0 });
    expect(sink.mails).toHaveLength(1);
    const mail = sink.mails[0];
    expect(mail.subject).toBe('Your points expire on April 30, 2026');
    expect(mail.text).toContain('1,250 of your points at Café');
    expect(mail.html).toContain('Hello Ana &lt;b&gt;,');
    expect(mail.messageId).toBe(queued.mailMessageId);
    expect(queued.mailMessageId).toMatch(/^<[0-9a-f]{40}@cafe\.example>$/);
    expect(mail.from?.value[0].address).toBe('news@cafe.example');
    expect((mail.to as { value: { address: string }[] }).value[0].address).toBe(m.email);
    // A service message has no unsubscribe header.
    expect(mail.headers.get('list-unsubscribe')).toBeUndefined();
    const row = await pg.query(
      'SELECT status, attempts, sent_at FROM messages WHERE business_id = $1 AND id = $2',
      [b.id, queued.id],
    );
    expect(row.rows[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect(row.rows[0].sent_at.toISOString()).toBe('2026-03-02T10:00:00.000Z');
  });

  it('refuses an unknown member (of this business) with NOT_FOUND', async () => {
    const other = await makeBusiness(t);
    const foreign = await makeMember(t, other);
    for (const memberId of [foreign.id, 'not-a-uuid', '7f1c2b4e-9a53-4d6e-8f0a-1b2c3d4e5f60'])
      await expect(messaging.send(req(memberId))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const n = await pg.query('SELECT count(*)::int AS n FROM messages WHERE member_id = $1', [foreign.id]);
    expect(n.rows[0].n).toBe(0);
  });

  it('the same idempotency key never makes a second message', async () => {
    const m = await makeMember(t, b);
    const r = req(m.id);
    const [one, two] = await Promise.all([messaging.send(r), messaging.send(r)]);
    const three = await messaging.send(r);
    expect(new Set([one.id, two.id, three.id]).size).toBe(1);
    await messaging.deliverDue();
    await messaging.deliverDue();
    expect(sink.mails).toHaveLength(1);
    const n = await pg.query(
      'SELECT count(*)::int AS n FROM messages WHERE business_id = $1 AND idempotency_key = $2',
      [b.id, r.idempotencyKey],
    );
    expect(n.rows[0].n).toBe(1);
  });

  it('marketing carries List-Unsubscribe one-click; the POST withdraws consent, logged, and stops further marketing', async () => {
    const m = await makeMember(t, b, { marketingConsent: true });
    const sent = await messaging.send(
      req(m.id, { type: 'win_back', marketing: true, variables: { points: 40 } }),
    );
    await messaging.deliverDue();
    expect(sink.mails).toHaveLength(1);
    const mail = sink.mails[0];
    const header = (name: string) =>
      mail.headerLines
        .find((h) => h.key === name)
        ?.line.replace(/^[^:]+:\s*/, '')
        .replace(/\s+/g, ' ');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const url = /^<(.+)>$/.exec(header('list-unsubscribe') ?? '')?.[1] ?? '';
    expect(url).toMatch(/^https:\/\/loyalty\.cafe\.example\/api\/unsubscribe\//);
    expect(mail.text).toContain(`Unsubscribe: ${url}`);
    expect(mail.html).toContain(`href="${url}"`);
    expect(sent.marketing).toBe(true);

    const path = new URL(url).pathname;
    // GET only shows a button (mail scanners follow links): nothing changes.
    const page = await t.http().get(path).expect(200);
    expect(page.text).toContain('<form method="post"');
    expect((await t.http().get(`/api/members/${m.id}`).set(b.auth)).body.marketingConsent).toBe(true);

    t.clock.set('2026-03-02T10:05:00Z');
    const res = await t.http().post(path).type('form').send('List-Unsubscribe=One-Click');
    expect(res.status).toBe(200);
    expect(res.text).toContain('unsubscribed');
    const consents = await t.http().get(`/api/members/${m.id}/consents`).set(b.auth).expect(200);
    expect(consents.body.log).toEqual([
      expect.objectContaining({
        channel: 'email',
        purpose: 'marketing',
        given: false,
        source: 'unsubscribe',
        at: '2026-03-02T10:05:00.000Z',
        wording: expect.stringContaining('RFC 8058'),
      }),
    ]);
    expect(consents.body.current).toContainEqual({ channel: 'email', purpose: 'marketing', allowed: false });
    expect((await t.http().get(`/api/members/${m.id}`).set(b.auth)).body).toMatchObject({
      marketingConsent: false,
      marketingConsentAt: '2026-03-02T10:05:00.000Z',
      marketingConsentSource: 'unsubscribe',
    });
    // A second click changes nothing more.
    await t.http().post(path).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect((await t.http().get(`/api/members/${m.id}/consents`).set(b.auth)).body.log).toHaveLength(1);

    const again = await messaging.send(req(m.id, { type: 'win_back', marketing: true }));
    expect(again).toMatchObject({ status: 'suppressed', suppressedReason: 'no_consent' });
    // Service messages still go out.
    const service = await messaging.send(req(m.id, { type: 'points_expiring' }));
    expect(service.status).toBe('queued');
    sink.mails.length = 0;
    await messaging.deliverDue();
    expect(sink.mails.map((x) => x.subject)).toEqual([expect.stringContaining('expire')]);
  });

  it('a forged or malformed unsubscribe link changes nothing', async () => {
    const m = await makeMember(t, b, { marketingConsent: true });
    const token = messaging.unsubscribeTokens.sign(b.id, m.id, 'email');
    const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BA' : 'AA');
    expect(
      (await t.http().post(`/api/unsubscribe/${forged}`).type('form').send('List-Unsubscribe=One-Click'))
        .status,
    ).toBe(404);
    expect((await t.http().post('/api/unsubscribe/nonsense').type('form').send('x=1')).status).toBe(400);
    expect((await t.http().get(`/api/members/${m.id}/consents`).set(b.auth)).body.log).toEqual([]);
  });

  it('consent withdrawn: nothing is sent, also when withdrawn after the message was queued', async () => {
    const none = await makeMember(t, b); // never consented to marketing
    expect(await messaging.send(req(none.id, { type: 'birthday', marketing: true }))).toMatchObject({
      status: 'suppressed',
      suppressedReason: 'no_consent',
    });
    const m = await makeMember(t, b, { marketingConsent: true });
    const queued = await messaging.send(req(m.id, { type: 'birthday', marketing: true }));
    expect(queued.status).toBe('queued');
    await t
      .http()
      .post(`/api/members/${m.id}/consents`)
      .set(b.auth)
      .send({
        channel: 'email',
        purpose: 'marketing',
        given: false,
        source: 'counter',
        wording: 'No more offers, please',
      })
      .expect(201);
    expect(await messaging.deliverDue()).toMatchObject({ sent: 0, suppressed: 1 });
    expect(sink.mails).toHaveLength(0);
    const row = await messaging.message(b.id, queued.id);
    expect(row).toMatchObject({ status: 'suppressed', suppressedReason: 'no_consent' });
    // Withdrawn service messages too.
    await t
      .http()
      .post(`/api/members/${m.id}/consents`)
      .set(b.auth)
      .send({ channel: 'email', purpose: 'service', given: false, source: 'me', wording: 'No e-mail at all' })
      .expect(201);
    expect(await messaging.send(req(m.id, { type: 'points_expiring' }))).toMatchObject({
      status: 'suppressed',
    });
    await messaging.deliverDue();
    expect(sink.mails).toHaveLength(0);
  });

  it('quiet hours hold a message until they end (business time zone), not drop it', async () => {
    const m = await makeMember(t, b);
    t.clock.set('2026-03-02T21:30:00Z'); // 22:30 in Berlin; default quiet hours 21:00-08:00
    const held = await messaging.send(req(m.id));
    expect(held.status).toBe('queued');
    expect(held.nextAttemptAt.toISOString()).toBe('2026-03-03T07:00:00.000Z');
    await messaging.deliverDue();
    t.clock.set('2026-03-03T06:59:59Z');
    await messaging.deliverDue();
    expect(sink.mails).toHaveLength(0);
    t.clock.set('2026-03-03T07:00:00Z');
    expect(await messaging.deliverDue()).toMatchObject({ sent: 1 });
    expect(sink.mails).toHaveLength(1);
  });

  it('the weekly cap limits marketing per member over a rolling week', async () => {
    await t.http().patch('/api/messages/settings').set(b.auth).send({ weeklyCap: 2 }).expect(200);
    try {
      const m = await makeMember(t, b, { marketingConsent: true });
      const mk = () => messaging.send(req(m.id, { type: 'win_back', marketing: true }));
      expect((await mk()).status).toBe('queued');
      t.clock.advance(86400_000);
      expect((await mk()).status).toBe('queued');
      t.clock.advance(86400_000);
      expect(await mk()).toMatchObject({ status: 'suppressed', suppressedReason: 'frequency_cap' });
      // Service messages are not capped.
      expect((await messaging.send(req(m.id, { type: 'points_expiring' }))).status).toBe('queued');
      t.clock.set('2026-03-09T10:00:01Z'); // 7 days after the first
      expect((await mk()).status).toBe('queued');
      // Concurrent sends to one member cannot all pass the cap: 2 of 6 go out.
      const other = await makeMember(t, b, { marketingConsent: true });
      const burst = await Promise.all(
        Array.from({ length: 6 }, () => messaging.send(req(other.id, { type: 'win_back', marketing: true }))),
      );
      expect(burst.map((x) => x.status).sort()).toEqual([
        'queued',
        'queued',
        'suppressed',
        'suppressed',
        'suppressed',
        'suppressed',
      ]);
    } finally {
      await t.http().patch('/api/messages/settings').set(b.auth).send({ weeklyCap: 3 }).expect(200);
    }
  });

  it('retries a temporary SMTP refusal with back-off and dead-letters after the limit; a permanent one at once', async () => {
    const m = await makeMember(t, b);
    sink.refuse.set(m.email.toLowerCase(), 451);
    const msg = await messaging.send(req(m.id));
    expect(await messaging.deliverDue()).toMatchObject({ failed: 1 });
    let row = await messaging.message(b.id, msg.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row!.nextAttemptAt.toISOString()).toBe('2026-03-02T10:00:30.000Z');
    expect(row!.lastError).toContain('451');
    expect(await messaging.deliverDue()).toMatchObject({ failed: 0, sent: 0 }); // not due yet
    t.clock.advance(30_000);
    expect(await messaging.deliverDue()).toMatchObject({ failed: 1 });
    t.clock.advance(60_000);
    expect(await messaging.deliverDue()).toMatchObject({ dead: 1 });
    row = await messaging.message(b.id, msg.id);
    expect(row).toMatchObject({ status: 'dead', attempts: 3 });
    t.clock.advance(3600_000);
    expect(await messaging.deliverDue()).toMatchObject({ sent: 0, failed: 0, dead: 0 });
    // The server is fixed; a manager queues the dead message again: delivered, same Message-ID.
    sink.refuse.clear();
    const retried = await t.http().post(`/api/messages/${msg.id}/retry`).set(b.auth).expect(200);
    expect(retried.body).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await messaging.deliverDue()).toMatchObject({ sent: 1 });
    expect(sink.mails.map((x) => x.messageId)).toEqual([msg.mailMessageId]);
    const again = await t.http().post(`/api/messages/${msg.id}/retry`).set(b.auth);
    expect({ status: again.status, code: again.body.error.code }).toEqual({ status: 409, code: 'CONFLICT' });
    sink.mails.length = 0;

    const p = await makeMember(t, b);
    sink.refuse.set(p.email.toLowerCase(), 550);
    const perm = await messaging.send(req(p.id));
    expect(await messaging.deliverDue()).toMatchObject({ dead: 1 });
    expect(await messaging.message(b.id, perm.id)).toMatchObject({ status: 'dead', attempts: 1 });
    expect(sink.mails).toHaveLength(0);
  });

  it('a worker that died mid-send: the message is sent again after its lease, with the same Message-ID', async () => {
    const m = await makeMember(t, b);
    const msg = await messaging.send(req(m.id));
    // A worker claims the message and dies before recording the outcome.
    const claimed = await t.app
      .get(MessagingRepository)
      .claimDueMessages(t.clock.now(), new Date(t.clock.now().getTime() + 300_000), 50);
    expect(claimed.map((c) => c.id)).toEqual([msg.id]);
    expect(await messaging.deliverDue()).toMatchObject({ sent: 0 }); // still leased
    t.clock.advance(300_001);
    expect(await messaging.deliverDue()).toMatchObject({ sent: 1 });
    expect(sink.mails.map((x) => x.messageId)).toEqual([msg.mailMessageId]);
    expect(await messaging.message(b.id, msg.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('two app instances delivering at once send every message exactly once', async () => {
    const second = await createApp({
      config: loadConfig({
        NODE_ENV: 'test',
        JWT_SECRET: 'j'.repeat(40),
        CARD_SECRET: 'c'.repeat(40),
        LOG_LEVEL: 'silent',
        SEED_DEMO: 'false',
        LEDGER_SETTLE_SECONDS: '0',
        // Like the first instance (test/support/app.ts): no job-queue worker, so the triggers' own
        // messages (welcome on enrolment) do not join the 60 this test counts.
        WORKER_ENABLED: 'false',
        SMTP_URL: sink.url,
        MAIL_FROM: 'Café <news@cafe.example>',
        DATA_DIR: '.data/test-app',
      }),
      databaseUrl: t.db.url,
      clock: t.clock,
    });
    try {
      const members = await Promise.all(Array.from({ length: 6 }, () => makeMember(t, b)));
      const ids: string[] = [];
      for (let i = 0; i < 60; i++)
        ids.push(
          (await messaging.send(req(members[i % 6].id, { idempotencyKey: `burst-${i}` }))).mailMessageId,
        );
      const other = second.get(MessagingService);
      const results = await Promise.all([
        messaging.deliverDue(),
        other.deliverDue(),
        messaging.deliverDue(),
        other.deliverDue(),
      ]);
      expect(results.reduce((n, r) => n + r.sent, 0)).toBe(60);
      expect(sink.mails).toHaveLength(60);
      expect(new Set(sink.mails.map((x) => x.messageId))).toEqual(new Set(ids));
      const st = await pg.query(
        `SELECT status, attempts, count(*)::int AS n FROM messages WHERE business_id = $1 AND idempotency_key LIKE 'burst-%' GROUP BY 1, 2`,
        [b.id],
      );
      expect(st.rows).toEqual([{ status: 'sent', attempts: 1, n: 60 }]);
    } finally {
      await second.close();
    }
  });
});
