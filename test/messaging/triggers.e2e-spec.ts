import { Client, Pool } from 'pg';
import { consumeEvent } from '../../apps/api/src/events/consumer';
import { MessagingService } from '../../apps/api/src/messaging/messaging.service';
import { MessageTriggersConsumer } from '../../apps/api/src/messaging/triggers.consumer';
import { PointsExpiringTrigger } from '../../apps/api/src/messaging/points-expiring.trigger';
import { createTestApp, TestApp } from '../support/app';
import { makeBusiness, makeMember, TestBusiness } from '../support/factories';
import { publishRules, txn } from '../support/loyalty';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';

/**
 * The message triggers on domain events (welcome on enrolment, thank-you after
 * a purchase), applied through the real consumer path (consumeEvent, as the
 * worker does) and delivered to a real SMTP server.
 */
describe('messaging: triggers on domain events', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let b: TestBusiness;
  let messaging: MessagingService;
  let consumer: MessageTriggersConsumer;
  let pool: Pool;
  let pg: Client;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({
      env: { SMTP_URL: sink.url, MAIL_FROM: 'Café <news@cafe.example>' },
      clockStart: '2026-03-02T10:00:00Z', // 11:00 in Berlin
    });
    messaging = t.app.get(MessagingService);
    consumer = t.app.get(MessageTriggersConsumer);
    pool = new Pool({ connectionString: t.db.url, max: 3 });
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    b = await makeBusiness(t);
    await publishRules(t, b);
  });
  afterAll(async () => {
    await pg.end();
    await pool.end();
    await t.close();
    await sink.close();
  });
  beforeEach(() => {
    sink.mails.length = 0;
    t.clock.set('2026-03-02T10:00:00Z');
  });

  /** Applies every event of the business the consumer subscribes to, as the worker would. */
  async function consumeAll(businessId: string) {
    const events = await pg.query<{ id: string }>(
      `SELECT id::text FROM domain_events WHERE business_id = $1 AND type = ANY($2) ORDER BY id`,
      [businessId, consumer.types],
    );
    const outcomes: string[] = [];
    for (const e of events.rows) outcomes.push(await consumeEvent(pool, consumer, businessId, e.id));
    return outcomes;
  }

  const messagesOf = async (memberId: string) =>
    (
      await pg.query<{
        type: string;
        idempotency_key: string;
        status: string;
        suppressed_reason: string | null;
        marketing: boolean;
      }>(
        `SELECT type, idempotency_key, status, suppressed_reason, marketing FROM messages
          WHERE business_id = $1 AND member_id = $2 ORDER BY type, idempotency_key`,
        [b.id, memberId],
      )
    ).rows;

  const purchase = (payload: string, total: number) =>
    t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({ transactionId: txn(), member: { cardPayload: payload }, total })
      .expect(201);

  const mailsTo = (email: string) =>
    sink.mails.filter((m) => (m.to as { value: { address: string }[] }).value[0].address === email);

  it('enrolment → one welcome (a service message); redelivering the event sends no second one', async () => {
    const m = await makeMember(t, b, { firstName: 'Ana' });
    expect(await consumeAll(b.id)).toContain('applied');
    expect(await messagesOf(m.id)).toEqual([
      {
        type: 'welcome',
        idempotency_key: `welcome:${m.id}`,
        status: 'queued',
        suppressed_reason: null,
        marketing: false,
      },
    ]);
    await messaging.deliverDue();
    const mails = mailsTo(m.email);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toMatch(/^Welcome to Café /);
    expect(mails[0].text).toContain('Hello Ana,');

    // Redelivered through the consumer path: skipped as a duplicate.
    expect((await consumeAll(b.id)).every((o) => o === 'duplicate')).toBe(true);
    // Applied again past event_consumptions (as after a rollback): the idempotency key holds.
    const ev = await pg.query<{ id: string; occurred_at: Date; recorded_at: Date; payload: object }>(
      `SELECT id::text, occurred_at, recorded_at, payload FROM domain_events
        WHERE business_id = $1 AND type = 'member.enrolled' AND payload->>'memberId' = $2`,
      [b.id, m.id],
    );
    const c = await pool.connect();
    try {
      const e = ev.rows[0];
      await consumer.handle(c, {
        businessId: b.id,
        id: e.id,
        type: 'member.enrolled',
        payload: e.payload as never,
        occurredAt: e.occurred_at,
        recordedAt: e.recorded_at,
      });
    } finally {
      c.release();
    }
    await messaging.deliverDue();
    expect(await messagesOf(m.id)).toHaveLength(1);
    expect(mailsTo(m.email)).toHaveLength(1);
  });

  it('two purchases on one local day → one thank-you; a purchase the next local day (Berlin) → a second', async () => {
    const m = await makeMember(t, b, { firstName: 'Ben', marketingConsent: true });
    await purchase(m.card.payload, 1250);
    t.clock.set('2026-03-02T16:00:00Z');
    await purchase(m.card.payload, 800);
    await consumeAll(b.id);
    let rows = (await messagesOf(m.id)).filter((r) => r.type === 'thank_you');
    expect(rows).toEqual([
      {
        type: 'thank_you',
        idempotency_key: `thank-you:${m.id}:2026-03-02`,
        status: 'queued',
        suppressed_reason: null,
        marketing: true,
      },
    ]);
    await messaging.deliverDue();
    let thanks = mailsTo(m.email).filter((x) => x.subject === 'Thank you for your visit, Ben');
    expect(thanks).toHaveLength(1);
    // The balance when the trigger ran: 12 + 8 points (1 per 1.00).
    expect(thanks[0].text).toContain('You now have 20 points.');
    // A marketing e-mail: one-click unsubscribe.
    const oneClick = thanks[0].headerLines.find((h) => h.key === 'list-unsubscribe-post');
    expect(oneClick?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    // 23:30 UTC on 2 March is 00:30 on 3 March in Berlin: the next local day (and inside quiet hours).
    t.clock.set('2026-03-02T23:30:00Z');
    await purchase(m.card.payload, 500);
    await consumeAll(b.id);
    rows = (await messagesOf(m.id)).filter((r) => r.type === 'thank_you');
    expect(rows.map((r) => r.idempotency_key)).toEqual([
      `thank-you:${m.id}:2026-03-02`,
      `thank-you:${m.id}:2026-03-03`,
    ]);
    sink.mails.length = 0;
    await messaging.deliverDue();
    expect(mailsTo(m.email)).toHaveLength(0); // held until the end of quiet hours (08:00 Berlin)
    t.clock.set('2026-03-03T07:00:00Z');
    await messaging.deliverDue();
    thanks = mailsTo(m.email).filter((x) => x.subject === 'Thank you for your visit, Ben');
    expect(thanks).toHaveLength(1);
    expect(thanks[0].text).toContain('You now have 25 points.');

    // Redelivery of every event: nothing new.
    sink.mails.length = 0;
    await consumeAll(b.id);
    await messaging.deliverDue();
    expect(await messagesOf(m.id)).toHaveLength(3); // welcome + two thank-yous
    expect(mailsTo(m.email)).toHaveLength(0);
  });

  it('consent withdrawn → no thank-you (marketing), the welcome (service) still goes out', async () => {
    const m = await makeMember(t, b, { marketingConsent: true });
    await t
      .http()
      .post(`/api/members/${m.id}/consents`)
      .set(b.auth)
      .send({ channel: 'email', purpose: 'marketing', given: false, source: 'counter', wording: 'No news' })
      .expect(201);
    t.clock.set('2026-03-02T10:05:00Z');
    await purchase(m.card.payload, 1000);
    await consumeAll(b.id);
    const rows = await messagesOf(m.id);
    expect(rows.map((r) => [r.type, r.status, r.suppressed_reason])).toEqual([
      ['thank_you', 'suppressed', 'no_consent'],
      ['welcome', 'queued', null],
    ]);
    await messaging.deliverDue();
    expect(mailsTo(m.email).map((x) => x.subject)).toEqual([expect.stringMatching(/^Welcome to /)]);
  });

  it('a trigger is off while its template is disabled: nothing is written, and it works again when enabled', async () => {
    const other = await makeBusiness(t);
    await publishRules(t, other);
    for (const type of ['welcome', 'thank_you'])
      await t
        .http()
        .patch(`/api/messages/templates/${type}`)
        .set(other.auth)
        .send({ enabled: false })
        .expect(200);
    const m = await makeMember(t, other, { marketingConsent: true });
    await t
      .http()
      .post('/api/pos/purchases')
      .set(other.auth)
      .send({ transactionId: txn(), member: { cardPayload: m.card.payload }, total: 900 })
      .expect(201);
    await consumeAll(other.id);
    const count = async () =>
      (await pg.query('SELECT count(*)::int AS n FROM messages WHERE business_id = $1', [other.id])).rows[0]
        .n as number;
    expect(await count()).toBe(0);

    await t
      .http()
      .patch('/api/messages/templates/welcome')
      .set(other.auth)
      .send({ enabled: true })
      .expect(200);
    const n = await makeMember(t, other);
    await consumeAll(other.id);
    const keys = await pg.query<{ idempotency_key: string }>(
      'SELECT idempotency_key FROM messages WHERE business_id = $1',
      [other.id],
    );
    expect(keys.rows.map((r) => r.idempotency_key)).toEqual([`welcome:${n.id}`]);
  });

  it('points expiring (cron): one service message per member and expiry date, within the window only, even without marketing consent', async () => {
    const c = await makeBusiness(t);
    await publishRules(t, c); // points expire 12 months after the local earning date
    const buy = (payload: string, total: number) =>
      t
        .http()
        .post('/api/pos/purchases')
        .set(c.auth)
        .send({ transactionId: txn(), member: { cardPayload: payload }, total })
        .expect(201);
    const a = await makeMember(t, c, { firstName: 'Ada', marketingConsent: false });
    const later = await makeMember(t, c);
    t.clock.set('2026-03-02T10:00:00Z');
    await buy(a.card.payload, 1250);
    await buy(a.card.payload, 300);
    t.clock.set('2026-03-20T10:00:00Z');
    await buy(later.card.payload, 900);
    await buy(a.card.payload, 700);

    const remind = t.app.get(PointsExpiringTrigger);
    const rows = async () =>
      (
        await pg.query<{ member_id: string; idempotency_key: string; marketing: boolean; variables: object }>(
          `SELECT member_id, idempotency_key, marketing, variables FROM messages
            WHERE business_id = $1 AND type = 'points_expiring' ORDER BY idempotency_key`,
          [c.id],
        )
      ).rows;
    // 20 February 2027: the points of 2 March 2026 (usable through 2 March 2027) are 10 days away;
    // those of 20 March 2026 are beyond the 14-day window.
    t.clock.set('2027-02-20T10:00:00Z');
    await remind.runOnce();
    await remind.runOnce();
    expect(await rows()).toEqual([
      {
        member_id: a.id,
        idempotency_key: `points-expiring:${a.id}:2027-03-02`,
        marketing: false,
        variables: { points: 15, expiryDate: '2027-03-02' },
      },
    ]);
    sink.mails.length = 0;
    await messaging.deliverDue();
    const mails = mailsTo(a.email);
    expect(mails.map((m) => m.subject)).toEqual(['Your points expire on March 2, 2027']);
    expect(mails[0].text).toContain('15 of your points');

    // 10 March 2027: Ada's points of 20 March and the other member's are in the window now; the 2 March ones lapsed.
    t.clock.set('2027-03-10T10:00:00Z');
    await remind.runOnce();
    expect((await rows()).map((r) => [r.member_id, r.idempotency_key])).toEqual(
      [
        [a.id, `points-expiring:${a.id}:2027-03-02`],
        [a.id, `points-expiring:${a.id}:2027-03-20`],
        [later.id, `points-expiring:${later.id}:2027-03-20`],
      ].sort((x, y) => x[1].localeCompare(y[1])),
    );
  });
});
