import { Client, Pool } from 'pg';
import { randomBytes } from 'node:crypto';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/config/config';
import { consumeEvent, type EventConsumer } from '../../apps/api/src/events/consumer';
import { MessagingService } from '../../apps/api/src/messaging/messaging.service';
import { MessageTriggersConsumer } from '../../apps/api/src/messaging/triggers.consumer';
import { ScheduledTriggers } from '../../apps/api/src/messaging/scheduled-triggers';
import { inHoldout } from '../../apps/api/src/messaging/holdout';
import { TierStateConsumer } from '../../apps/api/src/tiers/tier-sync';
import { createTestApp, TestApp } from '../support/app';
import { makeBusiness, makeMember, TestBusiness } from '../support/factories';
import { coffee, makeReward, publishRules, txn } from '../support/loyalty';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { buy, drain, makeAgreement, makeBuyer, makeCompany, wholesale, worked } from '../rebates/support';

/**
 * The remaining message triggers with the injectable clock: reward unlocked
 * (purchase events), birthday (exactly once, two instances and a restart at
 * midnight), tier reached and at risk, rebate bracket within reach, win-back
 * with a holdout group. Mails go to a real SMTP server.
 */
describe('messaging: scheduled and reward triggers', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let pool: Pool;
  let pg: Client;
  let messaging: MessagingService;
  let triggers: ScheduledTriggers;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({
      env: { SMTP_URL: sink.url, MAIL_FROM: 'Café <news@cafe.example>' },
      clockStart: '2026-03-02T10:00:00Z',
    });
    messaging = t.app.get(MessagingService);
    triggers = t.app.get(ScheduledTriggers);
    pool = new Pool({ connectionString: t.db.url, max: 4 });
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await pool.end();
    await t.close();
    await sink.close();
  });
  beforeEach(() => {
    sink.mails.length = 0;
  });

  async function consume(consumer: EventConsumer, businessId: string) {
    const events = await pg.query<{ id: string }>(
      `SELECT id::text FROM domain_events WHERE business_id = $1 AND type = ANY($2) ORDER BY id`,
      [businessId, consumer.types],
    );
    const out: string[] = [];
    for (const e of events.rows) out.push(await consumeEvent(pool, consumer, businessId, e.id));
    return out;
  }

  const rows = async (businessId: string, type: string) =>
    (
      await pg.query<{
        member_id: string;
        idempotency_key: string;
        status: string;
        suppressed_reason: string | null;
        text: string;
        subject: string;
        marketing: boolean;
      }>(
        `SELECT member_id, idempotency_key, status, suppressed_reason, text, subject, marketing FROM messages
          WHERE business_id = $1 AND type = $2 ORDER BY idempotency_key`,
        [businessId, type],
      )
    ).rows;

  const mailsTo = (email: string) =>
    sink.mails.filter((m) => (m.to as { value: { address: string }[] }).value[0].address === email);

  const onlyTemplates = async (b: TestBusiness, on: string[]) => {
    for (const type of [
      'welcome',
      'thank_you',
      'reward_unlocked',
      'birthday',
      'tier_reached',
      'tier_at_risk',
      'rebate_within_reach',
      'win_back',
      'points_expiring',
    ])
      await t
        .http()
        .patch(`/api/messages/templates/${type}`)
        .set(b.auth)
        .send({ enabled: on.includes(type) })
        .expect(200);
  };

  const purchase = (b: TestBusiness, payload: string, total: number, lines?: object[]) =>
    t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({ transactionId: txn(), member: { cardPayload: payload }, total, ...(lines ? { lines } : {}) })
      .expect(201);

  function secondInstance() {
    return createApp({
      config: loadConfig({
        NODE_ENV: 'test',
        JWT_SECRET: randomBytes(32).toString('hex'),
        CARD_SECRET: randomBytes(32).toString('hex'),
        LOG_LEVEL: 'silent',
        SEED_DEMO: 'false',
        LEDGER_SETTLE_SECONDS: '0',
        WORKER_ENABLED: 'false',
        SMTP_URL: sink.url,
        MAIL_FROM: 'Café <news@cafe.example>',
        DATA_DIR: '.data/test-app',
      }),
      databaseUrl: t.db.url,
      clock: t.clock,
    });
  }

  it('reward unlocked: the points reward the balance reaches, once until redeemed; a full stamp card; redelivery adds nothing', async () => {
    t.clock.set('2026-03-02T10:00:00Z');
    const b = await makeBusiness(t);
    await publishRules(t, b);
    await onlyTemplates(b, ['reward_unlocked']);
    await makeReward(t, b, {
      name: 'Slice of cake',
      cost: { kind: 'points', points: 20 },
      benefit: { kind: 'amount_off', amount: 300 },
    });
    await makeReward(t, b, {
      name: 'Breakfast for two',
      cost: { kind: 'points', points: 60 },
      benefit: { kind: 'amount_off', amount: 1500 },
    });
    const consumer = t.app.get(MessageTriggersConsumer);
    const m = await makeMember(t, b, { firstName: 'Rita' });
    await purchase(b, m.card.payload, 1500); // 15 points: nothing yet
    await consume(consumer, b.id);
    expect(await rows(b.id, 'reward_unlocked')).toEqual([]);
    await purchase(b, m.card.payload, 1000); // 25 points: the cake
    await purchase(b, m.card.payload, 1000); // 35 points: still the cake, told once
    await consume(consumer, b.id);
    let r = await rows(b.id, 'reward_unlocked');
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ status: 'queued', marketing: false });
    expect(r[0].idempotency_key).toMatch(new RegExp(`^reward-unlocked:${m.id}:[0-9a-f-]{36}:0$`));
    expect(r[0].subject).toBe('A reward is waiting for you: Slice of cake');
    // 10 coffees fill the coffee card (and make 70 points: breakfast is now the best reward).
    await purchase(
      b,
      m.card.payload,
      3500,
      Array.from({ length: 10 }, (_, i) => coffee(`c${i}`)),
    );
    expect((await consume(consumer, b.id)).filter((x) => x === 'applied')).toHaveLength(1);
    r = await rows(b.id, 'reward_unlocked');
    expect(r.map((x) => x.subject).sort()).toEqual([
      'A reward is waiting for you: Breakfast for two',
      'A reward is waiting for you: Coffee card',
      'A reward is waiting for you: Slice of cake',
    ]);
    expect(r.filter((x) => x.idempotency_key.includes(':stamps:'))).toHaveLength(1);
    // Every event again (as after a crash before the consumption was recorded): nothing new.
    await pg.query(`DELETE FROM event_consumptions WHERE business_id = $1`, [b.id]);
    await consume(consumer, b.id);
    expect(await rows(b.id, 'reward_unlocked')).toHaveLength(3);
    await messaging.deliverDue();
    expect(mailsTo(m.email)).toHaveLength(3);
  });

  it('birthday: on the local date, once, by two instances at once and an instance restarted at midnight', async () => {
    t.clock.set('2026-03-02T10:00:00Z');
    const b = await makeBusiness(t); // Europe/Berlin
    await onlyTemplates(b, ['birthday']);
    const lea = await makeMember(t, b, { firstName: 'Lea', birthday: '1990-03-05', marketingConsent: true });
    const tom = await makeMember(t, b, { firstName: 'Tom', birthday: '1985-03-05' }); // no consent
    const ida = await makeMember(t, b, { firstName: 'Ida', birthday: '1992-03-06', marketingConsent: true });
    const leap = await makeMember(t, b, { firstName: 'Pia', birthday: '2000-02-29', marketingConsent: true });

    t.clock.set('2026-03-04T22:59:59Z'); // 23:59:59 on 4 March in Berlin
    await triggers.runOnce();
    expect(await rows(b.id, 'birthday')).toEqual([]);

    t.clock.set('2026-03-04T23:00:00Z'); // midnight: 5 March begins in Berlin
    const second = await secondInstance();
    try {
      const other = second.get(ScheduledTriggers);
      await Promise.all([
        triggers.runOnce(),
        other.runOnce(),
        triggers.birthdays(await biz(b.id)),
        other.runOnce(),
      ]);
    } finally {
      await second.close();
    }
    // The instance restarted half a minute later runs again.
    t.clock.set('2026-03-04T23:00:30Z');
    const restarted = await secondInstance();
    try {
      await restarted.get(ScheduledTriggers).runOnce();
      let r = await rows(b.id, 'birthday');
      expect(r.map((x) => [x.member_id, x.idempotency_key, x.status, x.suppressed_reason]).sort()).toEqual(
        [
          [lea.id, `birthday:${lea.id}:2026`, 'queued', null],
          [tom.id, `birthday:${tom.id}:2026`, 'suppressed', 'no_consent'],
        ].sort(),
      );
      // Held by quiet hours (21:00-08:00) until 08:00; then both instances deliver at once.
      await messaging.deliverDue();
      expect(sink.mails).toHaveLength(0);
      t.clock.set('2026-03-05T07:00:00Z');
      await Promise.all([messaging.deliverDue(), restarted.get(MessagingService).deliverDue()]);
      expect(mailsTo(lea.email)).toHaveLength(1);
      expect(mailsTo(lea.email)[0].subject).toBe('Happy birthday, Lea!');
      expect(sink.mails).toHaveLength(1);
      // The whole day and the next runs add nothing; Ida's turn is tomorrow.
      t.clock.set('2026-03-05T22:45:00Z');
      await triggers.runOnce();
      r = await rows(b.id, 'birthday');
      expect(r).toHaveLength(2);
      t.clock.set('2026-03-05T23:15:00Z');
      await triggers.runOnce();
      expect((await rows(b.id, 'birthday')).map((x) => x.member_id)).toContain(ida.id);
    } finally {
      await restarted.close();
    }
    // A year later: a new one. 29 February is celebrated on 28 February in a common year.
    t.clock.set('2027-02-28T09:00:00Z');
    await triggers.runOnce();
    t.clock.set('2027-03-05T09:00:00Z');
    await triggers.runOnce();
    const keys = (await rows(b.id, 'birthday')).map((x) => x.idempotency_key);
    expect(keys).toEqual(
      expect.arrayContaining([
        `birthday:${leap.id}:2027`,
        `birthday:${lea.id}:2027`,
        `birthday:${lea.id}:2026`,
      ]),
    );
    expect(keys.filter((k) => k.startsWith(`birthday:${lea.id}`))).toHaveLength(2);
  });

  async function biz(id: string) {
    const r = await pg.query<{ id: string; name: string; timeZone: string; currency: string }>(
      `SELECT id, name, time_zone AS "timeZone", currency FROM businesses WHERE id = $1`,
      [id],
    );
    return r.rows[0];
  }

  it('tier reached once; the birthday names the tier bonus; tier at risk with the missing spend before the tier ends', async () => {
    t.clock.set('2026-03-02T10:00:00Z');
    const b = await makeBusiness(t, { timeZone: 'UTC' });
    await publishRules(t, b);
    await onlyTemplates(b, ['tier_reached', 'birthday', 'tier_at_risk']);
    const program = {
      basis: 'spend',
      window: { kind: 'calendar_year' },
      exclusions: { skus: [], categories: [] },
      holdPeriods: 1,
      downgrade: 'one_step',
      graceDays: 0,
      returnsCanDowngrade: false,
      tiers: [
        { id: 'member', name: 'Member', reach: 0, keep: 0 },
        {
          id: 'gold',
          name: 'Gold',
          reach: 30000,
          keep: 25000,
          benefits: { multiplierBp: 15000, reachBonusPoints: 0, birthdayBonusPoints: 50 },
        },
      ],
    };
    await t.http().put('/api/tiers/program').set(b.auth).send({ program }).expect(200);
    const m = await makeMember(t, b, { firstName: 'Gil', birthday: '1980-06-10', marketingConsent: true });
    await purchase(b, m.card.payload, 31000);
    await consume(t.app.get(TierStateConsumer), b.id);
    await triggers.runOnce();
    await triggers.runOnce();
    const reached = await rows(b.id, 'tier_reached');
    expect(reached).toHaveLength(1);
    expect(reached[0]).toMatchObject({ member_id: m.id, subject: 'Welcome to Gold', marketing: false });

    t.clock.set('2026-06-10T09:00:00Z');
    await triggers.runOnce();
    const bd = await rows(b.id, 'birthday');
    expect(bd).toHaveLength(1);
    expect(bd[0].text).toContain('As a Gold member you get 50 bonus points as our gift.');

    // Gold is held to the end of 2027; 2027's spend keeps it. On 5 Dec 2027 nothing was spent in 2027.
    t.clock.set('2027-11-20T09:00:00Z');
    await triggers.runOnce();
    expect(await rows(b.id, 'tier_at_risk')).toEqual([]); // ends in more than 30 days
    t.clock.set('2027-12-05T09:00:00Z');
    await triggers.runOnce();
    t.clock.set('2027-12-06T09:00:00Z');
    await triggers.runOnce();
    const risk = await rows(b.id, 'tier_at_risk');
    expect(risk).toHaveLength(1);
    expect(risk[0].idempotency_key).toBe(`tier-at-risk:${m.id}:gold:2027-12-31`);
    expect(risk[0].text).toContain('spend €250.00 more');
    expect(risk[0].text).toContain('to keep Gold');
  });

  it('tier at risk on a visits program: the message counts the visits still missing, once per period', async () => {
    t.clock.set('2026-03-02T10:00:00Z');
    const b = await makeBusiness(t, { timeZone: 'UTC' });
    await publishRules(t, b);
    await onlyTemplates(b, ['tier_at_risk']);
    const program = {
      basis: 'visits',
      window: { kind: 'calendar_year' },
      exclusions: { skus: [], categories: [] },
      holdPeriods: 1,
      downgrade: 'one_step',
      graceDays: 0,
      returnsCanDowngrade: false,
      tiers: [
        { id: 'member', name: 'Member', reach: 0, keep: 0 },
        { id: 'silver', name: 'Silver', reach: 3, keep: 3 },
      ],
    };
    await t.http().put('/api/tiers/program').set(b.auth).send({ program }).expect(200);
    const m = await makeMember(t, b, { firstName: 'Vic', marketingConsent: true });
    for (let i = 0; i < 3; i++) await purchase(b, m.card.payload, 500);
    await consume(t.app.get(TierStateConsumer), b.id);
    // Silver is held to the end of 2027; one visit in 2027 leaves 2 missing on 10 Dec 2027.
    t.clock.set('2027-02-01T10:00:00Z');
    await purchase(b, m.card.payload, 500);
    await consume(t.app.get(TierStateConsumer), b.id);
    t.clock.set('2027-12-10T09:00:00Z');
    await triggers.runOnce();
    await triggers.runOnce();
    const risk = await rows(b.id, 'tier_at_risk');
    expect(risk).toHaveLength(1);
    expect(risk[0].idempotency_key).toBe(`tier-at-risk:${m.id}:silver:2027-12-31`);
    expect(risk[0].text).toContain('visit 2 more times at');
    expect(risk[0].text).toContain('to keep Silver');
  });

  it('rebate bracket within reach: a buyer whose company needs at most 10 % more, once per period and bracket', async () => {
    t.clock.set('2026-03-02T10:00:00Z');
    const b = await makeBusiness(t);
    await publishRules(t, b);
    await wholesale(t, b);
    await onlyTemplates(b, ['rebate_within_reach']);
    const co = await makeCompany(t, b, 'Bistro Nord GmbH');
    const buyer = await makeBuyer(t, b, co.id);
    await makeAgreement(t, b, { kind: 'company', companyId: co.id }, worked('retroactive'), '2026-03-03');
    t.clock.set('2026-03-04T10:00:00Z');
    await buy(t, b, buyer.card.payload, 800_000); // 8,000.00 of 10,000.00: 20 % missing
    await drain(t, b.id);
    await triggers.runOnce();
    expect(await rows(b.id, 'rebate_within_reach')).toEqual([]);
    await buy(t, b, buyer.card.payload, 120_000, 'b'); // 9,200.00: 800.00 missing (8 %)
    await drain(t, b.id);
    await triggers.runOnce();
    await triggers.runOnce();
    const r = await rows(b.id, 'rebate_within_reach');
    expect(r).toHaveLength(1);
    expect(r[0].member_id).toBe(buyer.id);
    expect(r[0].text).toContain('800.00');
    expect(r[0].text).toMatch(/December 31, 2026|31 December 2026/);
  });

  it('win-back: overdue regulars once per lapse; a 50 % holdout is stable, recorded and not sent', async () => {
    t.clock.set('2026-01-05T12:00:00Z');
    const b = await makeBusiness(t, { timeZone: 'UTC' });
    await publishRules(t, b);
    await onlyTemplates(b, ['win_back']);
    await t.http().put('/api/messages/holdouts/win_back').set(b.auth).send({ shareBp: 5000 }).expect(200);
    const members = [];
    for (let i = 0; i < 16; i++) members.push(await makeMember(t, b, { marketingConsent: true }));
    const casual = await makeMember(t, b, { marketingConsent: true }); // two visits: not enough history
    for (const day of ['2026-01-05', '2026-01-15', '2026-01-25']) {
      t.clock.set(`${day}T12:00:00Z`);
      for (const m of members) await purchase(b, m.card.payload, 1000);
      if (day !== '2026-01-25') await purchase(b, casual.card.payload, 1000);
    }
    // Median gap 10 days: overdue after 20 days without a visit, i.e. from 15 February.
    t.clock.set('2026-02-14T12:00:00Z');
    await triggers.runOnce();
    expect(await rows(b.id, 'win_back')).toEqual([]);
    // The worker's quarter-hourly cron runs the daily triggers only at 10:00-10:14 local time.
    t.clock.set('2026-02-15T12:00:00Z');
    await triggers.runOnce({ cron: true });
    expect(await rows(b.id, 'win_back')).toEqual([]);
    t.clock.set('2026-02-16T10:00:00Z');
    await triggers.runOnce({ cron: true });
    t.clock.set('2026-02-16T12:00:00Z');
    await triggers.runOnce();
    const r = await rows(b.id, 'win_back');
    expect(r.map((x) => x.member_id).sort()).toEqual(members.map((m) => m.id).sort());
    for (const x of r) {
      expect(x.idempotency_key).toBe(`win-back:${x.member_id}:2026-01-25`);
      const held = inHoldout(b.id, 'win_back', x.member_id, 5000);
      expect([x.status, x.suppressed_reason]).toEqual(held ? ['suppressed', 'holdout'] : ['queued', null]);
    }
    const held = r.filter((x) => x.suppressed_reason === 'holdout').length;
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(16);
    await messaging.deliverDue();
    expect(sink.mails).toHaveLength(16 - held);
    // One comes back and lapses again: a second win-back for the new lapse only.
    const back = members[0];
    t.clock.set('2026-02-20T12:00:00Z');
    await purchase(b, back.card.payload, 1000);
    t.clock.set('2026-04-01T12:00:00Z');
    await triggers.runOnce();
    const again = (await rows(b.id, 'win_back')).filter((x) => x.member_id === back.id);
    expect(again.map((x) => x.idempotency_key).sort()).toEqual(
      [`win-back:${back.id}:2026-01-25`, `win-back:${back.id}:2026-02-20`].sort(),
    );
  });
});
