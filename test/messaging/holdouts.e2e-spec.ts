import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { MessagingService } from '../../apps/api/src/messaging/messaging.service';
import { inHoldout } from '../../apps/api/src/messaging/holdout';
import { createTestApp, TestApp } from '../support/app';
import { makeBusiness, makeMember, makeStaff, TestBusiness } from '../support/factories';
import { badBodies, ERROR_BODY, snapshot } from '../support/bad-input';

const DAY = 86_400_000;

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

interface Group {
  members: number;
  returned: number;
  returnRate: number;
  spend: number;
  spendPerMember: number;
  pending: number;
}

/**
 * Holdout groups: the report of messaged vs held-back members (return rate
 * and spend in the 30/60/90 days after the message) equals a brute-force
 * count over crafted purchases, window edges included; the settings and
 * report endpoints refuse bad input with nothing written.
 */
describe('messaging: holdout groups and their report', () => {
  let t: TestApp;
  let pg: Client;
  let messaging: MessagingService;
  let b: TestBusiness;

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-01-10T12:00:00Z' });
    messaging = t.app.get(MessagingService);
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    b = await makeBusiness(t, { timeZone: 'UTC' });
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  it('settings: every holdout trigger listed, 0 until set; a share is kept per trigger', async () => {
    const other = await makeBusiness(t);
    let r = await t.http().get('/api/messages/holdouts').set(other.auth).expect(200);
    expect(r.body).toEqual({
      items: [
        { type: 'win_back', shareBp: 0 },
        { type: 'points_expiring', shareBp: 0 },
      ],
    });
    await t
      .http()
      .put('/api/messages/holdouts/points_expiring')
      .set(other.auth)
      .send({ shareBp: 1500 })
      .expect(200);
    r = await t.http().get('/api/messages/holdouts').set(other.auth).expect(200);
    expect(r.body.items).toEqual([
      { type: 'win_back', shareBp: 0 },
      { type: 'points_expiring', shareBp: 1500 },
    ]);
    // Another business's settings are its own.
    r = await t.http().get('/api/messages/holdouts').set(b.auth).expect(200);
    expect(r.body.items.every((i: { shareBp: number }) => i.shareBp === 0)).toBe(true);
  });

  it('the report equals a brute-force count over crafted purchases (30/60/90 days, edges, open windows)', async () => {
    await t.http().put('/api/messages/holdouts/win_back').set(b.auth).send({ shareBp: 4000 }).expect(200);
    const rnd = prng(18);
    const members = [];
    for (let i = 0; i < 36; i++) members.push(await makeMember(t, b, { marketingConsent: i !== 0 }));
    // Messages on four days (noon: outside quiet hours), each delivered at once.
    const sendDays = ['2026-01-10', '2026-02-01', '2026-02-20', '2026-03-15'];
    for (const [i, m] of members.entries()) {
      t.clock.set(`${sendDays[i % 4]}T12:00:00Z`);
      await messaging.send({
        businessId: b.id,
        memberId: m.id,
        type: 'win_back',
        channel: 'email',
        variables: { points: 10 },
        idempotencyKey: `wb-test:${m.id}`,
        marketing: true,
      });
      await messaging.deliverDue();
    }
    const msgs = (
      await pg.query<{
        member_id: string;
        created_at: Date;
        status: string;
        suppressed_reason: string | null;
      }>(
        `SELECT member_id, created_at, status, suppressed_reason FROM messages WHERE business_id = $1 AND type = 'win_back'`,
        [b.id],
      )
    ).rows;
    expect(msgs).toHaveLength(36);
    for (const x of msgs) {
      const expected =
        x.member_id === members[0].id
          ? ['suppressed', 'no_consent']
          : inHoldout(b.id, 'win_back', x.member_id, 4000)
            ? ['suppressed', 'holdout']
            : ['sent', null];
      expect([x.status, x.suppressed_reason]).toEqual(expected);
    }
    const heldCount = msgs.filter((x) => x.suppressed_reason === 'holdout').length;
    expect(heldCount).toBeGreaterThan(4);
    expect(heldCount).toBeLessThan(31);

    // Crafted purchases: offsets around every window edge (the message instant itself is excluded, the end included).
    const edges = [
      -DAY,
      0,
      1,
      10 * DAY,
      30 * DAY - 1,
      30 * DAY,
      30 * DAY + 1,
      45 * DAY,
      60 * DAY,
      60 * DAY + 1000,
      89 * DAY,
      90 * DAY,
      90 * DAY + 1,
      130 * DAY,
    ];
    const purchases: { memberId: string; at: number; total: number }[] = [];
    for (const x of msgs) {
      const n = Math.floor(rnd() * 4);
      for (let k = 0; k < n; k++)
        purchases.push({
          memberId: x.member_id,
          at: x.created_at.getTime() + edges[Math.floor(rnd() * edges.length)],
          total: 100 + Math.floor(rnd() * 5000),
        });
    }
    for (const p of purchases)
      await pg.query(
        `INSERT INTO purchases (business_id, transaction_id, member_id, recorded_by, occurred_at, recorded_at, total, request_hash)
         VALUES ($1, $2, $3, 'test', $4, $4, $5, 'x')`,
        [b.id, `craft-${randomUUID()}`, p.memberId, new Date(p.at), p.total],
      );

    const brute = (now: number, from: number | null, to: number | null) =>
      [30, 60, 90].map((days) => {
        const g = (holdout: boolean): Group => {
          let members = 0;
          let returned = 0;
          let spend = 0;
          let pending = 0;
          for (const x of msgs) {
            const isHoldout = x.suppressed_reason === 'holdout';
            if (!(x.status === 'sent' || isHoldout) || isHoldout !== holdout) continue;
            const t0 = x.created_at.getTime();
            if ((from !== null && t0 < from) || (to !== null && t0 >= to)) continue;
            if (t0 + days * DAY > now) {
              pending++;
              continue;
            }
            members++;
            const mine = purchases.filter(
              (p) => p.memberId === x.member_id && p.at > t0 && p.at <= t0 + days * DAY,
            );
            if (mine.length) returned++;
            spend += mine.reduce((s, p) => s + p.total, 0);
          }
          return {
            members,
            returned,
            returnRate: members ? Math.round((returned / members) * 10_000) / 10_000 : 0,
            spend,
            spendPerMember: members ? Math.round(spend / members) : 0,
            pending,
          };
        };
        return { days, messaged: g(false), holdout: g(true) };
      });

    const check = async (now: string, query = '', from: number | null = null, to: number | null = null) => {
      t.clock.set(now);
      const r = await t.http().get(`/api/messages/holdouts/win_back/report${query}`).set(b.auth).expect(200);
      const expected = brute(Date.parse(now), from, to);
      expect(r.body).toMatchObject({
        type: 'win_back',
        shareBp: 4000,
        currency: 'EUR',
        asOf: new Date(now).toISOString(),
      });
      expect(r.body.windows).toEqual(
        expected.map((w) => ({
          ...w,
          returnRateLift: Math.round((w.messaged.returnRate - w.holdout.returnRate) * 10_000) / 10_000,
          spendPerMemberLift: w.messaged.spendPerMember - w.holdout.spendPerMember,
        })),
      );
      return r.body as { windows: { days: number; messaged: Group; holdout: Group }[] };
    };
    // Some windows still open (pending), then every window over; then a date range.
    const mid = await check('2026-04-20T12:00:00Z');
    expect(mid.windows.some((w) => w.messaged.pending > 0)).toBe(true);
    const all = await check('2026-09-01T12:00:00Z');
    expect(all.windows.every((w) => w.messaged.pending === 0 && w.holdout.pending === 0)).toBe(true);
    expect(all.windows[0].messaged.members + all.windows[0].holdout.members).toBe(35);
    expect(all.windows.some((w) => w.messaged.returned > 0 && w.holdout.returned > 0)).toBe(true);
    await check(
      '2026-09-01T12:00:00Z',
      '?from=2026-02-01T00:00:00Z&to=2026-03-01T00:00:00Z',
      Date.parse('2026-02-01T00:00:00Z'),
      Date.parse('2026-03-01T00:00:00Z'),
    );

    // The CSV says the same.
    const csv = await t.http().get('/api/messages/holdouts/win_back/report.csv').set(b.auth).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'trigger,window_days,group,members,returned,return_rate,spend_minor,spend_per_member_minor,currency,pending',
    );
    expect(lines).toHaveLength(7);
    for (const w of all.windows)
      for (const [name, g] of [
        ['messaged', w.messaged],
        ['holdout', w.holdout],
      ] as const)
        expect(lines).toContain(
          `win_back,${w.days},${name},${g.members},${g.returned},${g.returnRate.toFixed(4)},${g.spend},${g.spendPerMember},EUR,${g.pending}`,
        );
  });

  describe('bad input: 400 with nothing written', () => {
    it('PUT /api/messages/holdouts/:type', async () => {
      const before = await snapshot(pg);
      const cases: [string, string, unknown][] = [
        ...badBodies({ shareBp: 1000 }, ['shareBp']).map(
          ([l, body]) => [l, 'win_back', body] as [string, string, unknown],
        ),
        ['share above half', 'win_back', { shareBp: 5001 }],
        ['a trigger without holdouts', 'birthday', { shareBp: 1000 }],
        ['an unknown trigger', 'nope', { shareBp: 1000 }],
      ];
      for (const [label, type, body] of cases) {
        const r = await t
          .http()
          .put(`/api/messages/holdouts/${type}`)
          .set(b.auth)
          .send(body as object);
        expect({ label, status: r.status }).toEqual({ label, status: 400 });
        expect(r.body).toEqual(ERROR_BODY);
      }
      expect(await snapshot(pg)).toEqual(before);
    });

    it('GET the report with a bad type or dates', async () => {
      for (const q of [
        'win_back/report?from=yesterday',
        'win_back/report?to=2026-13-01T00:00:00Z',
        'win_back/report?from=2026-03-01T00:00:00Z&to=2026-02-01T00:00:00Z',
        'win_back/report?bogus=1',
        'welcome/report',
        'welcome/report.csv',
        'win_back/report.csv?from=1',
      ]) {
        const r = await t.http().get(`/api/messages/holdouts/${q}`).set(b.auth);
        expect({ q, status: r.status }).toEqual({ q, status: 400 });
        expect(r.body).toEqual(ERROR_BODY);
      }
    });
  });

  it("another business's credentials see only their own business; a cashier is refused", async () => {
    const other = await makeBusiness(t);
    const r = await t.http().get('/api/messages/holdouts/win_back/report').set(other.auth).expect(200);
    for (const w of r.body.windows as { messaged: Group; holdout: Group }[]) {
      expect(w.messaged).toMatchObject({ members: 0, pending: 0, spend: 0 });
      expect(w.holdout).toMatchObject({ members: 0, pending: 0, spend: 0 });
    }
    expect(r.body.shareBp).toBe(0);
    const cashier = await makeStaff(t, b, 'cashier');
    await t.http().get('/api/messages/holdouts').set(cashier.auth).expect(403);
    await t.http().put('/api/messages/holdouts/win_back').set(cashier.auth).send({ shareBp: 0 }).expect(403);
    await t.http().get('/api/messages/holdouts/win_back/report.csv').set(cashier.auth).expect(403);
  });
});
