import { Client, Pool } from 'pg';
import { createTestApp, TestApp } from '../support/app';
import {
  joinMember,
  makeBusiness,
  makeMember,
  makePosKey,
  makeStaff,
  type TestBusiness,
} from '../support/factories';
import { CAFE_RULES, makeReward, publishRules, txn } from '../support/loyalty';
import { badBodies, ERROR_BODY, snapshot } from '../support/bad-input';
import { consumeEvent } from '../../apps/api/src/events/consumer';
import { ClubPaymentConsumer } from '../../apps/api/src/tiers/club-payment.consumer';
import { BirthdayBonusService } from '../../apps/api/src/tiers/birthday-bonus';
import { startWorker } from '../../apps/api/src/events/worker';
import { TierStateConsumer } from '../../apps/api/src/tiers/tier-sync';

const WORDING = 'I want to join the Inner Circle and get its offers by email.';

const PROGRAM = {
  basis: 'spend',
  window: { kind: 'calendar_year' },
  exclusions: { skus: ['CLUB-MEMBERSHIP'], categories: [] },
  holdPeriods: 1,
  downgrade: 'one_step',
  graceDays: 0,
  returnsCanDowngrade: false,
  tiers: [
    { id: 'member', name: 'Member', reach: 0, keep: 0, benefits: { birthdayBonusPoints: 10 } },
    {
      id: 'silver',
      name: 'Silver',
      reach: 10000,
      keep: 8000,
      benefits: { multiplierBp: 12500, birthdayBonusPoints: 50 },
    },
    { id: 'gold', name: 'Gold', reach: 30000, keep: 25000, benefits: { birthdayBonusPoints: 100 } },
  ],
};

describe('members-only club, tier-only rewards, birthday bonus (app)', () => {
  let t: TestApp;
  let pg: Pool;
  let raw: Client;

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-03-02T09:00:00Z' });
    pg = new Pool({ connectionString: t.db.url, max: 6 });
    raw = new Client({ connectionString: t.db.url });
    await raw.connect();
  });
  afterAll(async () => {
    await raw.end();
    await pg.end();
    await t.close();
  });

  const fingerprint = async () =>
    (
      await pg.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM tier_clubs) || '/' || (SELECT count(*) FROM club_events) || '/' ||
                (SELECT count(*) FROM purchases) || '/' || (SELECT count(*) FROM ledger_transactions) || '/' ||
                (SELECT count(*) FROM redemptions) || '/' || coalesce((SELECT md5(string_agg(definition::text, ',')) FROM tier_clubs), '') AS n`,
      )
    ).rows[0].n;

  const club = (b: TestBusiness, body: object) => t.http().put('/api/club').set(b.auth).send(body);

  async function consumeAll(b: TestBusiness) {
    const consumers = [t.app.get(TierStateConsumer), t.app.get(ClubPaymentConsumer)];
    const evs = await pg.query<{ id: string }>(
      `SELECT id::text FROM domain_events WHERE business_id = $1 AND type IN ('purchase.recorded', 'return.recorded') ORDER BY id`,
      [b.id],
    );
    for (const e of evs.rows) for (const c of consumers) await consumeEvent(pg, c, b.id, e.id);
  }

  const points = async (b: TestBusiness, memberId: string) =>
    (
      await pg.query<{ key: string; amount: string; reason: string }>(
        `SELECT t.idempotency_key AS key, t.reason FROM ledger_transactions t
          WHERE t.business_id = $1 AND t.idempotency_key LIKE $2 ORDER BY t.idempotency_key`,
        [b.id, `%${memberId}%`],
      )
    ).rows;

  it('open club: opt-in records when, where and the wording; a changed wording is refused; leave and rejoin', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    const b = await makeBusiness(t, { timeZone: 'Europe/Berlin' });
    expect((await t.http().get('/api/club').set(b.auth).expect(200)).body.club).toBeNull();
    // An open club needs its consent wording.
    expect((await club(b, { name: 'Inner Circle', access: { kind: 'open' } })).status).toBe(400);
    const set = await club(b, {
      name: 'Inner Circle',
      access: { kind: 'open' },
      consentWording: WORDING,
      benefits: { reachBonusPoints: 25 },
    });
    expect(set.status).toBe(200);
    expect(set.body.club).toMatchObject({ id: 'club', name: 'Inner Circle', access: { kind: 'open' } });

    const me = await joinMember(t, b.slug, { firstName: 'Ada', email: `ada-${Date.now()}@example.test` });
    const mine = await t.http().get('/api/me/club').set(me.auth).expect(200);
    expect(mine.body.club).toMatchObject({ name: 'Inner Circle', access: 'open', consentWording: WORDING });
    expect(mine.body.membership).toMatchObject({ status: 'none', active: false });
    // The member saw an older wording: refused, nothing written.
    const before = await fingerprint();
    const stale = await t.http().post('/api/me/club/join').set(me.auth).send({ consentWording: 'Old text' });
    expect(stale.status).toBe(409);
    expect(await fingerprint()).toBe(before);

    t.clock.set('2026-03-02T10:15:00Z');
    const joined = await t.http().post('/api/me/club/join').set(me.auth).send({ consentWording: WORDING });
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({
      status: 'active',
      active: true,
      since: '2026-03-02T10:15:00.000Z',
      until: null,
      consent: { wording: WORDING, at: '2026-03-02T10:15:00.000Z', source: 'app' },
    });
    // The join bonus once, even when joining is repeated.
    await t.http().post('/api/me/club/join').set(me.auth).send({ consentWording: WORDING }).expect(200);
    expect(await points(b, me.member.id)).toEqual([
      { key: `club-join:${me.member.id}:club:open`, reason: 'Joined Inner Circle' },
    ]);
    // The staff see the same, and the consent's source.
    const staffView = await t.http().get(`/api/members/${me.member.id}/club`).set(b.auth).expect(200);
    expect(staffView.body.consent.source).toBe('app');
    const left = await t.http().post('/api/me/club/leave').set(me.auth).expect(200);
    expect(left.body).toMatchObject({ status: 'left', active: false, consent: null });
    await t.http().post('/api/me/club/leave').set(me.auth).expect(409);
    // An open club takes no invitation (nor a fee): its own code, not the generic UNPROCESSABLE.
    const invite = await t
      .http()
      .post(`/api/members/${me.member.id}/club/invitations`)
      .set(b.auth)
      .send({})
      .expect(422);
    expect(invite.body.error).toMatchObject({ code: 'CLUB_ACCESS_MISMATCH', details: { access: 'open' } });
    // Rejoining at the counter (the cashier shows the wording).
    const cashier = await makeStaff(t, b, 'cashier');
    const again = await t
      .http()
      .post(`/api/members/${me.member.id}/club/opt-in`)
      .set(cashier.auth)
      .send({ consentWording: WORDING, source: 'counter' });
    expect(again.status).toBe(200);
    expect(again.body.consent).toMatchObject({ source: 'counter', wording: WORDING });
    const list = await t.http().get('/api/club/members').set(b.auth).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ memberId: me.member.id, status: 'active' })]);
    // Once it has members, the access kind is fixed.
    expect((await club(b, { name: 'X', access: { kind: 'paid', fee: 100 } })).status).toBe(409);
  });

  it('paid club: the fee is a purchase of the membership product; the term lapses unless renewed; renewal extends from the end', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    const b = await makeBusiness(t, { timeZone: 'Europe/Berlin' });
    await publishRules(t, b, CAFE_RULES);
    await club(b, {
      name: 'Friends of the Café',
      access: { kind: 'paid', fee: 2500, termMonths: 12 },
      membershipSku: 'CLUB-MEMBERSHIP',
    }).expect(200);
    const m = await makeMember(t, b);
    const pos = await makePosKey(t, b);
    const paid = await t
      .http()
      .post(`/api/members/${m.id}/club/payments`)
      .set(pos.auth)
      .send({ transactionId: 'FEE-1' });
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({
      fee: 2500,
      currency: 'EUR',
      membership: {
        status: 'active',
        since: '2026-03-02T09:00:00.000Z',
        until: '2027-03-01T23:00:00.000Z', // local midnight of 2 March 2027 in Berlin
        lastDay: '2027-03-01',
      },
    });
    // A purchase of the membership product at the fee, through the purchase path.
    const p = await pg.query(
      `SELECT p.total, l.sku FROM purchases p JOIN purchase_lines l ON l.business_id = p.business_id AND l.purchase_id = p.id
        WHERE p.business_id = $1 AND p.id = $2`,
      [b.id, paid.body.purchaseId],
    );
    expect(p.rows).toEqual([{ total: '2500', sku: 'CLUB-MEMBERSHIP' }]);
    // A retry of the same transaction is the same payment; the consumer recording it again changes nothing.
    const retry = await t
      .http()
      .post(`/api/members/${m.id}/club/payments`)
      .set(pos.auth)
      .send({ transactionId: 'FEE-1' });
    expect(retry.body.purchaseId).toBe(paid.body.purchaseId);
    await consumeAll(b);
    expect(
      (await pg.query(`SELECT count(*)::int AS n FROM club_events WHERE business_id = $1`, [b.id])).rows[0].n,
    ).toBe(1);

    // Lapses at the end of the term.
    t.clock.set('2027-03-01T22:59:59Z');
    expect((await t.http().get(`/api/members/${m.id}/club`).set(b.auth)).body.status).toBe('active');
    t.clock.set('2027-03-01T23:00:00Z');
    const lapsed = (await t.http().get(`/api/members/${m.id}/club`).set(b.auth)).body;
    expect(lapsed).toMatchObject({ status: 'lapsed', active: false, until: null });
    // Paying again starts a new term from now.
    t.clock.set('2027-04-10T12:00:00Z');
    const back = await t
      .http()
      .post(`/api/members/${m.id}/club/payments`)
      .set(b.auth)
      .send({ transactionId: 'FEE-2' });
    expect(back.body.membership).toMatchObject({ status: 'active', until: '2028-04-09T22:00:00.000Z' });
    // Renewing early (sold by a till as a product; the consumer records it) extends from the end of the term.
    t.clock.set('2028-01-15T12:00:00Z');
    const till = await t
      .http()
      .post('/api/pos/purchases')
      .set(pos.auth)
      .send({
        transactionId: txn(),
        member: { cardPayload: m.card.payload },
        total: 2500,
        lines: [{ lineId: 'a', sku: 'CLUB-MEMBERSHIP', quantity: 1, unitPrice: 2500 }],
      });
    expect(till.status).toBe(201);
    await consumeAll(b);
    const renewed = (await t.http().get(`/api/members/${m.id}/club`).set(b.auth)).body;
    expect(renewed).toMatchObject({
      status: 'active',
      until: '2029-04-09T22:00:00.000Z',
      lastDay: '2029-04-09',
    });
    expect(renewed.history.map((h: { reason: string }) => h.reason)).toEqual([
      'payment',
      'lapsed',
      'payment',
      'renewed',
    ]);
    // A paid club has no opt-in.
    const optIn = await t
      .http()
      .post('/api/members/' + m.id + '/club/opt-in')
      .set(b.auth)
      .send({ consentWording: 'x', source: 'counter' })
      .expect(422);
    expect(optIn.body.error).toMatchObject({ code: 'CLUB_ACCESS_MISMATCH', details: { access: 'paid' } });
  });

  it('invitation-only club: invite, accept; refuse; expired and used codes refused', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    const b = await makeBusiness(t, { timeZone: 'UTC' });
    await club(b, { name: 'Founders', access: { kind: 'invitation', inviteValidDays: 7 } }).expect(200);
    const ada = await joinMember(t, b.slug, { firstName: 'Ada', email: `ada-${Date.now()}@example.test` });
    const bob = await joinMember(t, b.slug, { firstName: 'Bob', email: `bob-${Date.now()}@example.test` });
    const cashier = await makeStaff(t, b, 'cashier');
    // Only owners and managers invite.
    await t.http().post(`/api/members/${ada.member.id}/club/invitations`).set(cashier.auth).expect(403);
    const inv = await t.http().post(`/api/members/${ada.member.id}/club/invitations`).set(b.auth);
    expect(inv.status).toBe(201);
    expect(inv.body).toMatchObject({
      code: expect.stringMatching(/^[A-Z2-9]{10}$/),
      expiresAt: '2026-03-09T09:00:00.000Z',
      link: `/me?club-invite=${inv.body.code}`,
      membership: { status: 'invited', openInvitation: { code: inv.body.code } },
    });
    // Bob cannot use Ada's code.
    await t
      .http()
      .post('/api/me/club/invitations/accept')
      .set(bob.auth)
      .send({ code: inv.body.code })
      .expect(404);
    const accepted = await t
      .http()
      .post('/api/me/club/invitations/accept')
      .set(ada.auth)
      .send({ code: inv.body.code });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      status: 'active',
      active: true,
      since: '2026-03-02T09:00:00.000Z',
    });
    // Used: refused with the reason.
    const used = await t
      .http()
      .post('/api/me/club/invitations/refuse')
      .set(ada.auth)
      .send({ code: inv.body.code });
    expect(used.status).toBe(409);
    expect(used.body.error.details.reason).toBe('already_member');

    // Bob refuses his invitation; the code cannot be accepted afterwards.
    const binv = await t
      .http()
      .post(`/api/members/${bob.member.id}/club/invitations`)
      .set(b.auth)
      .expect(201);
    const refused = await t
      .http()
      .post('/api/me/club/invitations/refuse')
      .set(bob.auth)
      .send({ code: binv.body.code });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ status: 'refused', active: false });
    const late = await t
      .http()
      .post('/api/me/club/invitations/accept')
      .set(bob.auth)
      .send({ code: binv.body.code });
    expect(late.status).toBe(409);
    expect(late.body.error.details.reason).toBe('refused');

    // A new invitation that expires unanswered.
    const again = await t
      .http()
      .post(`/api/members/${bob.member.id}/club/invitations`)
      .set(b.auth)
      .expect(201);
    t.clock.set('2026-03-09T09:00:00Z');
    const expired = await t
      .http()
      .post('/api/me/club/invitations/accept')
      .set(bob.auth)
      .send({ code: again.body.code });
    expect(expired.status).toBe(409);
    expect(expired.body.error.details.reason).toBe('expired');
    expect((await t.http().get('/api/me/club').set(bob.auth)).body.membership.status).toBe('none');
    // Ada's membership of an invitation club is open-ended; the owner can end it.
    const cancelled = await t
      .http()
      .post(`/api/members/${ada.member.id}/club/cancel`)
      .set(b.auth)
      .expect(200);
    expect(cancelled.body.status).toBe('cancelled');
  });

  it('tier-only and club-only rewards: locked with the reason on the scan and /me; redeeming is refused with REWARD_LOCKED', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    const b = await makeBusiness(t, { timeZone: 'UTC' });
    await publishRules(t, b, CAFE_RULES);
    const gold = await makeReward(t, b, {
      name: 'Gold espresso',
      cost: { kind: 'points', points: 1 },
      benefit: { kind: 'amount_off', amount: 100 },
    });
    const clubOnly = await makeReward(t, b, {
      name: 'Club cake',
      cost: { kind: 'points', points: 1 },
      benefit: { kind: 'amount_off', amount: 50 },
    });
    const program = {
      ...PROGRAM,
      tiers: [
        PROGRAM.tiers[0],
        PROGRAM.tiers[1],
        { ...PROGRAM.tiers[2], benefits: { ...PROGRAM.tiers[2].benefits, rewardIds: [gold.id] } },
      ],
    };
    await t.http().put('/api/tiers/program').set(b.auth).send({ program }).expect(200);
    await club(b, {
      name: 'Inner Circle',
      access: { kind: 'open' },
      consentWording: WORDING,
      benefits: { rewardIds: [clubOnly.id] },
    }).expect(200);
    const me = await joinMember(t, b.slug, { firstName: 'Ada', email: `ada-${Date.now()}@example.test` });
    // Enough points for both rewards.
    const buy = await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({
        transactionId: txn(),
        member: { cardPayload: me.card.payload },
        total: 5000,
        lines: [{ lineId: 'l', sku: 'CAKE', quantity: 1, unitPrice: 5000 }],
      });
    expect(buy.status).toBe(201);
    await consumeAll(b);

    const scan = await t.http().post('/api/scan').set(b.auth).send({ cardPayload: me.card.payload });
    expect(scan.status).toBe(200);
    expect(scan.body.rewardsLocked).toEqual(
      expect.arrayContaining([
        { id: gold.id, name: 'Gold espresso', reason: 'For Gold members' },
        { id: clubOnly.id, name: 'Club cake', reason: 'For members of Inner Circle' },
      ]),
    );
    expect(scan.body.rewardsAvailable.map((r: { id: string }) => r.id)).not.toContain(gold.id);
    const loyalty = await t.http().get('/api/me/loyalty').set(me.auth).expect(200);
    const byId = new Map(loyalty.body.rewards.map((r: { id: string }) => [r.id, r]));
    expect(byId.get(gold.id)).toMatchObject({ available: false, locked: 'For Gold members' });

    const before = await fingerprint();
    const refused = await t
      .http()
      .post('/api/pos/redemptions')
      .set(b.auth)
      .send({ idempotencyKey: txn('R'), member: { cardPayload: me.card.payload }, rewardId: gold.id });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'REWARD_LOCKED',
      details: { reason: 'For Gold members' },
    });
    // Redeemed with a purchase: refused too, and the purchase is not written.
    const withSale = await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({
        transactionId: txn(),
        member: { cardPayload: me.card.payload },
        total: 500,
        redeem: [{ rewardId: clubOnly.id }],
      });
    expect(withSale.status).toBe(422);
    expect(await fingerprint()).toBe(before);

    // Joining the club unlocks the club reward; a manual Gold floor unlocks the Gold one.
    await t.http().post('/api/me/club/join').set(me.auth).send({ consentWording: WORDING }).expect(200);
    const ok = await t
      .http()
      .post('/api/pos/redemptions')
      .set(b.auth)
      .send({ idempotencyKey: txn('R'), member: { cardPayload: me.card.payload }, rewardId: clubOnly.id });
    expect(ok.status).toBe(201);
    await t
      .http()
      .post(`/api/members/${me.member.id}/tier/manual`)
      .set(b.auth)
      .send({ tierId: 'gold', reason: 'Status match', until: '2026-12-31T00:00:00Z' })
      .expect(200);
    const ok2 = await t
      .http()
      .post('/api/pos/redemptions')
      .set(b.auth)
      .send({ idempotencyKey: txn('R'), member: { cardPayload: me.card.payload }, rewardId: gold.id });
    expect(ok2.status).toBe(201);
  });

  it('birthday bonus: the tier’s and the club’s, on the local birthday, once per year with two runs at once', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    const b = await makeBusiness(t, { timeZone: 'Pacific/Auckland' });
    await publishRules(t, b, CAFE_RULES);
    await t.http().put('/api/tiers/program').set(b.auth).send({ program: PROGRAM }).expect(200);
    await club(b, {
      name: 'Inner Circle',
      access: { kind: 'open' },
      consentWording: WORDING,
      benefits: { birthdayBonusPoints: 20 },
    }).expect(200);
    const m = await makeMember(t, b, { birthday: '1990-03-05' });
    const other = await makeMember(t, b, { birthday: '1991-03-06' });
    await t
      .http()
      .post(`/api/members/${m.id}/club/opt-in`)
      .set(b.auth)
      .send({ consentWording: WORDING, source: 'counter' })
      .expect(200);
    await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({
        transactionId: txn(),
        member: { cardPayload: m.card.payload },
        total: 12000,
        lines: [{ lineId: 'l', sku: 'CAKE', quantity: 1, unitPrice: 12000 }],
      })
      .expect(201);
    await consumeAll(b);
    const svc = t.app.get(BirthdayBonusService);
    // 4 March 10:59 UTC is 4 March 23:59 in Auckland: not yet.
    t.clock.set('2026-03-04T10:59:00Z');
    expect(await svc.runOnce()).toEqual({ posted: 0, points: 0 });
    // 4 March 11:00 UTC is 5 March 00:00 in Auckland: Silver (50) and the club (20), two runs at once, posted once.
    t.clock.set('2026-03-04T11:00:00Z');
    const runs = await Promise.all([svc.runOnce(), svc.runOnce(), svc.runOnce()]);
    expect(runs.reduce((a, r) => a + r.posted, 0)).toBe(2);
    expect(runs.reduce((a, r) => a + r.points, 0)).toBe(70);
    t.clock.set('2026-03-05T08:00:00Z');
    expect(await svc.runOnce()).toEqual({ posted: 0, points: 0 });
    const rows = (await points(b, m.id)).filter((r) => r.key.startsWith('birthday:'));
    expect(rows).toEqual([
      { key: `birthday:${m.id}:club:club:2026`, reason: 'Happy birthday from Inner Circle' },
      { key: `birthday:${m.id}:tier:2026`, reason: 'Happy birthday from Silver' },
    ]);
    // The other member's birthday is the next local day; without the club, the base tier's 10.
    t.clock.set('2026-03-05T11:30:00Z');
    expect(await svc.runOnce()).toEqual({ posted: 1, points: 10 });
    // Next year again.
    t.clock.set('2027-03-04T12:00:00Z');
    expect((await svc.runOnce()).posted).toBe(2);
    expect((await points(b, other.id)).filter((r) => r.key.startsWith('birthday:'))).toHaveLength(1);
  });

  it('refuses bad input with 400 and writes nothing; another business gets 404 on every endpoint', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    const b = await makeBusiness(t, { timeZone: 'UTC' });
    const other = await makeBusiness(t, { timeZone: 'UTC' });
    await club(b, { name: 'Founders', access: { kind: 'invitation', inviteValidDays: 7 } }).expect(200);
    await club(other, { name: 'Other', access: { kind: 'paid', fee: 1000 } }).expect(200);
    const me = await joinMember(t, b.slug, { firstName: 'Ada', email: `ada-${Date.now()}@example.test` });
    const m = me.member;
    const before = await fingerprint();
    const bad: ['put' | 'post' | 'get', string, object?][] = [
      ['put', '/api/club', {}],
      ['put', '/api/club', { name: 'X', access: { kind: 'weekly' } }],
      ['put', '/api/club', { name: 'X', access: { kind: 'paid', fee: -1 } }],
      ['put', '/api/club', { name: 'X', access: { kind: 'paid', fee: 100, termMonths: 0 } }],
      ['put', '/api/club', { name: 'X', access: { kind: 'open' }, consentWording: 'short' }],
      [
        'put',
        '/api/club',
        { name: 'X', access: { kind: 'open' }, consentWording: WORDING, benefits: { multiplierBp: 'x' } },
      ],
      ['put', '/api/club', { name: '', access: { kind: 'open' } }],
      ['put', '/api/club', { name: 'X', access: { kind: 'open' }, isAdmin: true }],
      ['get', '/api/members/not-a-uuid/club'],
      ['post', `/api/members/${m.id}/club/opt-in`, { consentWording: WORDING }],
      ['post', `/api/members/${m.id}/club/opt-in`, { consentWording: WORDING, source: 'street' }],
      ['post', '/api/members/not-a-uuid/club/invitations', {}],
      ['post', `/api/members/${m.id}/club/payments`, {}],
      ['post', `/api/members/${m.id}/club/payments`, { transactionId: 'bad id!' }],
      ['post', `/api/members/${m.id}/club/payments`, { transactionId: 'T1', locationId: 'x' }],
      ['post', '/api/members/not-a-uuid/club/cancel', {}],
    ];
    for (const [method, path, body] of bad) {
      const http = t.http();
      const req = (
        method === 'put' ? http.put(path) : method === 'post' ? http.post(path) : http.get(path)
      ).set(b.auth);
      const r = body ? await req.send(body) : await req;
      expect({ path, body, status: r.status }).toEqual({ path, body, status: 400 });
    }
    const memberBad: [string, object][] = [
      ['/api/me/club/join', {}],
      ['/api/me/club/join', { consentWording: 5 }],
      ['/api/me/club/invitations/accept', {}],
      ['/api/me/club/invitations/accept', { code: 'a b' }],
      ['/api/me/club/invitations/refuse', { code: 12 }],
    ];
    for (const [path, body] of memberBad) {
      const r = await t.http().post(path).set(me.auth).send(body);
      expect({ path, status: r.status }).toEqual({ path, status: 400 });
    }
    expect(await fingerprint()).toBe(before);

    // Another business's credentials: b's member is not found on every member endpoint.
    const inv = await t.http().post(`/api/members/${m.id}/club/invitations`).set(b.auth).expect(201);
    const after = await fingerprint();
    const foreign: [string, string, object?][] = [
      ['get', `/api/members/${m.id}/club`],
      ['post', `/api/members/${m.id}/club/opt-in`, { consentWording: WORDING, source: 'counter' }],
      ['post', `/api/members/${m.id}/club/invitations`, {}],
      ['post', `/api/members/${m.id}/club/cancel`, {}],
      ['post', `/api/members/${m.id}/club/payments`, { transactionId: 'FOREIGN-1' }],
    ];
    for (const [method, path, body] of foreign) {
      const http = t.http();
      const req = (method === 'post' ? http.post(path) : http.get(path)).set(other.auth);
      const r = body ? await req.send(body) : await req;
      expect({ path, status: r.status }).toEqual({ path, status: 404 });
    }
    // Another business's member cannot use b's invitation code.
    const stranger = await joinMember(t, other.slug, {
      firstName: 'Eve',
      email: `eve-${Date.now()}@example.test`,
    });
    await t
      .http()
      .post('/api/me/club/invitations/accept')
      .set(stranger.auth)
      .send({ code: inv.body.code })
      .expect(404);
    // b's club is not other's.
    expect((await t.http().get('/api/club').set(other.auth)).body.club.name).toBe('Other');
    expect((await t.http().get('/api/club/members').set(other.auth)).body.items).toEqual([]);
    expect(await fingerprint()).toBe(after);
  });

  it('every field of every club body: missing, wrong type, null, oversized, unknown fields -> 400, nothing written', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    const b = await makeBusiness(t, { timeZone: 'UTC' });
    await club(b, { name: 'Insiders', access: { kind: 'open' }, consentWording: WORDING }).expect(200);
    const me = await joinMember(t, b.slug, { firstName: 'Ada', email: `ada-${Date.now()}@example.test` });
    const before = await snapshot(raw);
    const staffCases: [string, Record<string, unknown>, string[]][] = [
      [
        '/api/club',
        { name: 'Insiders', access: { kind: 'open' }, consentWording: WORDING, benefits: {}, id: 'club' },
        ['name', 'access'],
      ],
      [
        `/api/members/${me.member.id}/club/opt-in`,
        { consentWording: WORDING, source: 'counter' },
        ['consentWording', 'source'],
      ],
      [
        `/api/members/${me.member.id}/club/payments`,
        { transactionId: 'T-1', locationId: b.locationId },
        ['transactionId'],
      ],
    ];
    for (const [path, valid, required] of staffCases)
      for (const [what, body] of badBodies(valid, required)) {
        const http = t.http();
        const r = await (path === '/api/club' ? http.put(path) : http.post(path))
          .set(b.auth)
          .send(body as object);
        expect({ path, what, status: r.status }).toEqual({ path, what, status: 400 });
        expect(r.body).toMatchObject(ERROR_BODY);
      }
    for (const path of [
      '/api/me/club/join',
      '/api/me/club/invitations/accept',
      '/api/me/club/invitations/refuse',
    ]) {
      const valid = path.endsWith('join') ? { consentWording: WORDING } : { code: 'ABCDEFGHJK' };
      for (const [what, body] of badBodies(valid, Object.keys(valid))) {
        const r = await t
          .http()
          .post(path)
          .set(me.auth)
          .send(body as object);
        expect({ path, what, status: r.status }).toEqual({ path, what, status: 400 });
      }
    }
    expect(await snapshot(raw)).toEqual(before);
  });

  it('concurrent changes of one member are serialised: two renewals at once extend twice; one invitation accepted twice at once joins once', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    const b = await makeBusiness(t, { timeZone: 'UTC' });
    await publishRules(t, b, CAFE_RULES);
    await club(b, { name: 'Friends', access: { kind: 'paid', fee: 1000, termMonths: 12 } }).expect(200);
    const m = await makeMember(t, b);
    const pay = (id: string) =>
      t.http().post(`/api/members/${m.id}/club/payments`).set(b.auth).send({ transactionId: id });
    const [r1, r2] = await Promise.all([pay('P-1'), pay('P-2')]);
    expect([r1.status, r2.status]).toEqual([201, 201]);
    const v = (await t.http().get(`/api/members/${m.id}/club`).set(b.auth)).body;
    expect(v).toMatchObject({ status: 'active', until: '2028-03-02T00:00:00.000Z' });

    const inv = await makeBusiness(t, { timeZone: 'UTC' });
    await club(inv, { name: 'Founders', access: { kind: 'invitation', inviteValidDays: 7 } }).expect(200);
    const ada = await joinMember(t, inv.slug, { firstName: 'Ada', email: `ada-${Date.now()}@example.test` });
    const code = (
      await t.http().post(`/api/members/${ada.member.id}/club/invitations`).set(inv.auth).expect(201)
    ).body.code as string;
    const answers = await Promise.all(
      [0, 1, 2].map(() => t.http().post('/api/me/club/invitations/accept').set(ada.auth).send({ code })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    const accepted = await pg.query(
      `SELECT count(*)::int AS n FROM club_events WHERE business_id = $1 AND kind = 'accepted'`,
      [inv.id],
    );
    expect(accepted.rows[0].n).toBe(1);
  });

  it('birthday bonus run by the tiers:birthdays task on two job-queue workers at once: posted once', async () => {
    t.clock.set('2026-06-10T09:00:00Z');
    const b = await makeBusiness(t, { timeZone: 'Europe/Berlin' });
    await t.http().put('/api/tiers/program').set(b.auth).send({ program: PROGRAM }).expect(200);
    const m = await makeMember(t, b, { birthday: '1988-06-10' });
    const svc = t.app.get(BirthdayBonusService);
    let runs = 0;
    const opts = {
      databaseUrl: t.db.url,
      consumers: [],
      settleSeconds: 0,
      concurrency: 2,
      pollIntervalMs: 100,
      birthdayBonus: async () => {
        runs++;
        return svc.runOnce();
      },
    };
    const workers = await Promise.all([startWorker(opts), startWorker(opts)]);
    try {
      await pg.query(
        `SELECT graphile_worker.add_job('tiers:birthdays', '{}'::json), graphile_worker.add_job('tiers:birthdays', '{}'::json)`,
      );
      const until = Date.now() + 20_000;
      for (;;) {
        const left = await pg.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'tiers:birthdays'`,
        );
        if (left.rows[0].n === 0 && runs >= 2) break;
        if (Date.now() > until) throw new Error('birthday jobs did not finish');
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      for (const w of workers) await w.stop();
    }
    const rows = (await points(b, m.id)).filter((r) => r.key.startsWith('birthday:'));
    expect(rows).toEqual([{ key: `birthday:${m.id}:tier:2026`, reason: 'Happy birthday from Member' }]);
  });

  it('paid club: returning the membership product refunds its term (a renewal returned shortens it; the only one ends it)', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    const b = await makeBusiness(t, { timeZone: 'UTC' });
    await publishRules(t, b, CAFE_RULES);
    await club(b, { name: 'Friends', access: { kind: 'paid', fee: 1000, termMonths: 12 } }).expect(200);
    const m = await makeMember(t, b);
    const first = await t
      .http()
      .post(`/api/members/${m.id}/club/payments`)
      .set(b.auth)
      .send({ transactionId: 'R-1' })
      .expect(201);
    t.clock.set('2026-09-01T09:00:00Z');
    const renewal = await t
      .http()
      .post(`/api/members/${m.id}/club/payments`)
      .set(b.auth)
      .send({ transactionId: 'R-2' })
      .expect(201);
    expect(renewal.body.membership.until).toBe('2028-03-02T00:00:00.000Z');
    const giveBack = (purchaseId: string) =>
      t
        .http()
        .post('/api/pos/returns')
        .set(b.auth)
        .send({ idempotencyKey: txn('RET'), purchaseId });
    t.clock.set('2026-09-02T09:00:00Z');
    expect((await giveBack(renewal.body.purchaseId)).status).toBe(201);
    await consumeAll(b);
    await consumeAll(b); // redelivered: nothing more
    const shortened = (await t.http().get(`/api/members/${m.id}/club`).set(b.auth)).body;
    expect(shortened).toMatchObject({ status: 'active', until: '2027-03-02T00:00:00.000Z' });
    expect((await giveBack(first.body.purchaseId)).status).toBe(201);
    await consumeAll(b);
    const ended = (await t.http().get(`/api/members/${m.id}/club`).set(b.auth)).body;
    expect(ended).toMatchObject({ status: 'cancelled', active: false });
    expect(ended.history.map((h: { reason: string }) => h.reason)).toEqual([
      'payment',
      'renewed',
      'refunded',
      'refunded',
    ]);
  });
});
