import { Client } from 'pg';
import { createTestApp, TestApp } from '../support/app';
import { ERROR_BODY, snapshot } from '../support/bad-input';
import { makeBusiness, makeMember, TestBusiness } from '../support/factories';
import { CAFE_RULES, publishRules } from '../support/loyalty';

/**
 * Imported history earns points only on request (awardPoints=true), by the
 * rules version in force at each purchase's time, once.
 */
describe('historical import: awarding points on request', () => {
  let t: TestApp;
  let pg: Client;
  let b: TestBusiness;
  let member: Awaited<ReturnType<typeof makeMember>>;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2025-06-01T00:00:00Z' });
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    b = await makeBusiness(t, { timeZone: 'UTC' });
    // Version 1 from 1 June 2025: 1 point per 1.00, points expire after 6 months.
    await publishRules(t, b, { ...CAFE_RULES, pointsExpiry: { afterMonths: 6 } });
    // Version 2 from 1 October 2025: 2 points per 1.00, 12 months.
    t.clock.set('2025-10-01T00:00:00Z');
    await publishRules(t, b, { ...CAFE_RULES, points: { ...CAFE_RULES.points, pointsPer: 2 } });
    member = await makeMember(t, b, { email: 'ida@example.test' });
    t.clock.set('2026-03-02T09:00:00Z');
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  const CSV = [
    'purchase_id,customer_id,customer_email,date,amount',
    'P-1,IDA,ida@example.test,2025-05-20,10.00', // before any rules: nothing
    'P-2,IDA,ida@example.test,2025-07-01,12.50', // v1: 12 points, expired 1 Jan 2026: not awarded
    'P-3,IDA,ida@example.test,2025-09-15,8.99', //  v1: 8 points, expire 15 Mar 2026
    'P-4,IDA,ida@example.test,2025-11-02,20.00', // v2: 40 points
    'P-5,IDA,ida@example.test,2026-02-28,3.40', //  v2: 6 points
    'P-6,OTHER,,2025-11-02,50.00', //               not a member: nothing
  ].join('\n');

  const post = (q: Record<string, string>) =>
    t.http().post('/api/imports/purchases').query(q).set(b.auth).set('Content-Type', 'text/csv').send(CSV);

  const points = async () =>
    (
      await pg.query<{ lots: string; balance: string }>(
        `SELECT (SELECT count(*) FROM ledger_lots l WHERE l.business_id = a.business_id AND l.account_id = a.id)::text AS lots,
                a.available::text AS balance
           FROM ledger_accounts a WHERE a.business_id = $1 AND a.unit = 'points' AND a.owner_type = 'member' AND a.owner_id = $2`,
        [b.id, member.id],
      )
    ).rows[0] ?? { lots: '0', balance: '0' };

  it('awards nothing by default; on request the points of each purchase by the rules then in force, once', async () => {
    const plain = await post({ source: 'till.csv' }).expect(200);
    expect(plain.body).toMatchObject({
      state: 'completed',
      purchasesImported: 6,
      pointsAwarded: 0,
      purchasesAwarded: 0,
    });
    expect(await points()).toEqual({ lots: '0', balance: '0' });

    // The same file again with points: nothing new is imported, the purchases imported before earn now.
    const award = await post({ source: 'till.csv', awardPoints: 'true' }).expect(200);
    expect(award.body).toMatchObject({
      state: 'completed',
      purchasesImported: 0,
      purchasesExisting: 6,
      pointsAwarded: 8 + 40 + 6,
      purchasesAwarded: 3,
      pointsAlreadyExpired: 12,
    });
    expect(await points()).toEqual({ lots: '3', balance: '54' });
    const lots = await pg.query<{ amount: string; expires: string }>(
      `SELECT l.amount::text, to_char((l.expires_at - interval '1 second') AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS expires FROM ledger_lots l
         JOIN ledger_accounts a ON a.business_id = l.business_id AND a.id = l.account_id
        WHERE l.business_id = $1 AND a.owner_id = $2 ORDER BY l.amount`,
      [b.id, member.id],
    );
    // The last day of use (a lot expires at the end of that local day).
    expect(lots.rows).toEqual([
      { amount: '6', expires: '2027-02-28' },
      { amount: '8', expires: '2026-03-15' },
      { amount: '40', expires: '2026-11-02' },
    ]);

    // Once: a third run with points changes nothing.
    const again = await post({ source: 'till.csv', awardPoints: 'true' }).expect(200);
    expect(again.body).toMatchObject({ pointsAwarded: 0, purchasesAwarded: 0 });
    expect(await points()).toEqual({ lots: '3', balance: '54' });
  });

  it('a dry run with awardPoints writes nothing; a bad flag is a 400 that writes nothing', async () => {
    const before = await snapshot(pg);
    const dry = await post({ dryRun: 'true', awardPoints: 'true' }).expect(200);
    expect(dry.body).toMatchObject({ state: 'dry-run', pointsAwarded: 0 });
    for (const v of ['yes', '1', '']) {
      const bad = await post({ awardPoints: v });
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual(ERROR_BODY);
    }
    expect(await snapshot(pg)).toEqual(before);
  });
});
