/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import { Pool } from 'pg';
import { DESKTOP, launchBrowser, SCREENSHOTS, type TestBrowser } from './support/browser';
import { checkAndShoot } from './support/audit';
import { waitForText, watchErrors } from './support/page';
import { makeMember, startServer, type Server } from './support/shop';
import { makeBusiness, makePosKey, type TestBusiness } from '../support/factories';
import { CAFE_RULES, publishRules, txn } from '../support/loyalty';
import { consumeEvent } from '../../apps/api/src/events/consumer';
import { TierStateConsumer } from '../../apps/api/src/tiers/tier-sync';

/** Spend-based, calendar year, held to the end of the following year (as in test/tiers/tiers.e2e-spec.ts). */
const PROGRAM = {
  basis: 'spend',
  window: { kind: 'calendar_year' },
  exclusions: { skus: [], categories: [] },
  holdPeriods: 1,
  downgrade: 'one_step',
  graceDays: 0,
  returnsCanDowngrade: false,
  tiers: [
    { id: 'member', name: 'Member', reach: 0, keep: 0 },
    { id: 'silver', name: 'Silver', reach: 10000, keep: 8000, benefits: { reachBonusPoints: 50 } },
    { id: 'gold', name: 'Gold', reach: 30000, keep: 25000 },
  ],
};

/**
 * The member page of the owner console shows the member's tier: a member whose
 * purchases cross Silver's threshold (the tier state written by the events:tier-state
 * consumer) shows Silver with when it ends, the progress lines as sentences and the
 * Member → Silver row of the tier history (under the row of joining); audited at phone and desktop width.
 */
describe('/admin member page: the tier', () => {
  let server: Server;
  let pg: Pool;
  let b: TestBusiness;
  let ownerEmail: string;
  let browser: TestBrowser;
  let errors: string[];
  let ada: Awaited<ReturnType<typeof makeMember>>;

  beforeAll(async () => {
    server = await startServer();
    const t = server.t;
    pg = new Pool({ connectionString: t.db.url, max: 2 });
    ownerEmail = `owner-${Date.now()}@tier.test`;
    b = await makeBusiness(t, { ownerEmail, name: 'Café Tier', timeZone: 'UTC' });
    await publishRules(t, b, CAFE_RULES);
    const program = await t.http().put('/api/tiers/program').set(b.auth).send({ program: PROGRAM });
    if (program.status !== 200) throw new Error(`tier program ${program.status}`);
    const pos = await makePosKey(t, b);
    ada = await makeMember(t, b, { firstName: 'Ada', lastName: 'Tier' });
    // 60 € then 60 €: the second purchase crosses Silver's 100 € (the app's clock: 2 March 2026).
    for (const total of [6000, 6000]) {
      const r = await t
        .http()
        .post('/api/pos/purchases')
        .set(pos.auth)
        .send({
          transactionId: txn(),
          member: { memberNumber: ada.memberNumber },
          total,
          lines: [{ lineId: '1', sku: 'CAKE', category: 'bakery', quantity: 1, unitPrice: total }],
        });
      if (r.status !== 201) throw new Error(`purchase ${r.status} ${JSON.stringify(r.body)}`);
    }
    // The tier state is written by the events:tier-state consumer: drive it over the outbox in order.
    const consumer = t.app.get(TierStateConsumer);
    const evs = await pg.query<{ id: string }>(
      `SELECT id::text FROM domain_events WHERE business_id = $1 AND type = 'purchase.recorded' ORDER BY id`,
      [b.id],
    );
    expect(evs.rows).toHaveLength(2);
    for (const e of evs.rows) await consumeEvent(pg, consumer, b.id, e.id);
    browser = await launchBrowser({ viewport: DESKTOP, noCamera: true });
    errors = watchErrors(browser.page);
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await pg?.end();
    await server?.close();
  });

  afterEach(() => expect(errors).toEqual([]));

  it('shows the tier a member reached, when it ends, progress sentences and the history row', async () => {
    const { page } = browser;
    // What the API says (the page must show the same).
    const api = await server.t.http().get(`/api/members/${ada.id}/tier`).set(b.auth).expect(200);
    const tier = api.body as {
      name: string;
      until: string | null;
      progress: { text: string }[];
      history: { from: string | null; to: string; reason: string; programVersion: number }[];
    };
    expect(tier.name).toBe('Silver');
    expect(tier.until).toBe('2028-01-01T00:00:00.000Z');
    expect(tier.history).toEqual([
      expect.objectContaining({ from: 'member', to: 'silver', reason: 'reached', programVersion: 1 }),
      expect.objectContaining({ from: null, to: 'member', reason: 'joined', programVersion: 1 }),
    ]);

    await page.goto(`${server.url}/admin`);
    await page.getByLabel('Email').fill(ownerEmail);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor();
    await page.goto(`${server.url}/admin#/members/${ada.id}`);
    await page.getByRole('heading', { name: 'Ada Tier' }).waitFor();
    const section = page.getByRole('region', { name: 'Tier', exact: true });
    await waitForText(section.getByTestId('tier-name'), /^Silver$/);
    const until = await page.evaluate(
      (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
      tier.until!,
    );
    expect(await section.getByTestId('tier-until').textContent()).toBe(until);
    // Progress: the API's lines, as sentences (Gold still 180 € away; Silver already kept).
    const lines = await section.getByTestId('tier-progress').locator('li').allTextContents();
    expect(lines).toEqual(
      tier.progress.map((p) => {
        const s = p.text[0]!.toUpperCase() + p.text.slice(1);
        return /[.!?]$/.test(s) ? s : `${s}.`;
      }),
    );
    expect(lines.some((l) => /€180\.00 more spend .*to reach Gold\.$/.test(l))).toBe(true);
    // The history, newest first: when, from, to, reason, program version (tier names, not ids).
    const rows = section.getByTestId('tier-history-table').locator('tbody tr');
    expect(await rows.count()).toBe(2);
    const when = await page.evaluate(
      (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
      '2026-03-02T09:00:00.000Z',
    );
    const cells = async (i: number) =>
      (await rows.nth(i).locator('td, th').allTextContents()).map((c) => c.trim());
    expect(await cells(0)).toEqual([when, 'Member', 'Silver', 'Reached the threshold', '1']);
    expect(await cells(1)).toEqual([when, '—', 'Member', 'Joined', '1']);
    await checkAndShoot(page, 'member-tier');
  });
});
