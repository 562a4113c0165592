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
    { id: 'silver', name: 'Silver', reach: 10000, keep: 8000 },
    { id: 'gold', name: 'Gold', reach: 30000, keep: 25000 },
  ],
};

/**
 * What an owner does with tiers and the club in the console: edits the tier
 * program, previews who would move before saving, publishes a new version;
 * sets a tier by hand on a member's page; sets up an invitation-only club and
 * invites a member. Audited and photographed at phone and desktop width.
 */
describe('/admin tiers and club pages', () => {
  let server: Server;
  let pg: Pool;
  let b: TestBusiness;
  let ownerEmail: string;
  let browser: TestBrowser;
  let errors: string[];
  let ada: Awaited<ReturnType<typeof makeMember>>;
  let ben: Awaited<ReturnType<typeof makeMember>>;

  beforeAll(async () => {
    server = await startServer();
    const t = server.t;
    pg = new Pool({ connectionString: t.db.url, max: 2 });
    ownerEmail = `owner-${Date.now()}@club.test`;
    b = await makeBusiness(t, { ownerEmail, name: 'Café Club', timeZone: 'UTC' });
    await publishRules(t, b, CAFE_RULES);
    const program = await t.http().put('/api/tiers/program').set(b.auth).send({ program: PROGRAM });
    if (program.status !== 200) throw new Error(`tier program ${program.status}`);
    const pos = await makePosKey(t, b);
    ada = await makeMember(t, b, { firstName: 'Ada', lastName: 'Lovelace' });
    ben = await makeMember(t, b, { firstName: 'Ben', lastName: 'Okafor' });
    // Ada has spent 120 € (Silver), Ben 50 €.
    for (const [m, total] of [
      [ada, 12000],
      [ben, 5000],
    ] as const) {
      const r = await t
        .http()
        .post('/api/pos/purchases')
        .set(pos.auth)
        .send({
          transactionId: txn(),
          member: { memberNumber: m.memberNumber },
          total,
          lines: [{ lineId: '1', sku: 'CAKE', category: 'bakery', quantity: 1, unitPrice: total }],
        });
      if (r.status !== 201) throw new Error(`purchase ${r.status}`);
    }
    const consumer = t.app.get(TierStateConsumer);
    const evs = await pg.query<{ id: string }>(
      `SELECT id::text FROM domain_events WHERE business_id = $1 AND type = 'purchase.recorded' ORDER BY id`,
      [b.id],
    );
    for (const e of evs.rows) await consumeEvent(pg, consumer, b.id, e.id);
    browser = await launchBrowser({ viewport: DESKTOP, noCamera: true });
    errors = watchErrors(browser.page);
    await mkdir(SCREENSHOTS, { recursive: true });
    const { page } = browser;
    await page.goto(`${server.url}/admin`);
    await page.getByLabel('Email').fill(ownerEmail);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await pg?.end();
    await server?.close();
  });

  afterEach(() => expect(errors).toEqual([]));

  it('edits the tier program, previews who moves without saving, then publishes version 2', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Tiers', exact: true }).click();
    await page.getByRole('heading', { name: 'Tiers', exact: true }).waitFor();
    await waitForText(page.getByTestId('tier-version'), /Version 1 in force/);
    // Gold from 100 € instead of 300 €: Ada (120 €) would move up.
    const gold = page.getByTestId('tier-2');
    await gold.getByLabel('To reach (EUR)').fill('100.00');
    await gold.getByLabel('To keep (EUR)').fill('90.00');
    await gold.getByLabel('Birthday bonus points').fill('25');
    // Silver stays below Gold.
    const silver = page.getByTestId('tier-1');
    await silver.getByLabel('To reach (EUR)').fill('40.00');
    await silver.getByLabel('To keep (EUR)').fill('30.00');
    await page.getByRole('button', { name: 'Preview who moves' }).click();
    const preview = page.getByTestId('tier-preview');
    await waitForText(preview.getByRole('status'), /2 would move up, 0 down/);
    const movers = await preview.getByTestId('tier-movers').locator('tbody tr').allTextContents();
    expect(movers.join('|')).toMatch(/Ada Lovelace.*Silver.*Gold.*Up/);
    expect(movers.join('|')).toMatch(/Ben Okafor.*Member.*Silver.*Up/);
    // Nothing saved by the preview.
    const before = await server.t.http().get('/api/tiers/program').set(b.auth).expect(200);
    expect(before.body.versions).toHaveLength(1);
    await checkAndShoot(page, 'tiers-preview');
    // An hour later (the test app's clock is pinned): the new version starts then.
    server.t.clock.advance(3_600_000);
    await page.getByRole('button', { name: 'Publish new version' }).click();
    await waitForText(page.getByTestId('tiers-note'), /Version 2 published/);
    const after = await server.t.http().get('/api/tiers/program').set(b.auth).expect(200);
    expect(after.body.current.version).toBe(2);
    expect(after.body.current.program.tiers[2]).toMatchObject({
      reach: 10000,
      keep: 9000,
      benefits: { birthdayBonusPoints: 25 },
    });
    expect(await page.getByTestId('tier-versions').locator('tbody tr').count()).toBe(2);
  });

  it('sets a tier by hand on the member page: a floor with a reason and an end', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/admin#/members/${ben.id}`);
    await page.getByRole('heading', { name: 'Ben Okafor' }).waitFor();
    const form = page.getByTestId('manual-tier');
    await form.getByLabel('At least').selectOption({ label: 'Gold' });
    await form.getByLabel('Reason').fill('Status match: Gold at the bakery next door');
    await form.getByLabel('Holds through').fill('2026-12-31');
    await form.getByRole('button', { name: 'Set tier' }).click();
    await waitForText(form.getByRole('status'), /At least Gold until/);
    const section = page.getByRole('region', { name: 'Tier', exact: true });
    await waitForText(section.getByTestId('tier-name'), /^Gold$/);
    const rows = await section.getByTestId('tier-history-table').locator('tbody tr').allTextContents();
    expect(rows[0]).toMatch(/Gold.*Set by hand/);
    await checkAndShoot(page, 'member-manual-tier');
  });

  it('sets up an invitation-only club and invites a member from their page', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Club', exact: true }).click();
    await page.getByRole('heading', { name: 'Members-only club' }).waitFor();
    const form = page.getByRole('region', { name: 'Club settings' });
    await form.getByLabel('Name').fill('Founders');
    await form.getByLabel('How members get in').selectOption('invitation');
    await form.getByLabel('An invitation is valid for (days)').fill('14');
    await form.getByLabel('Birthday bonus points').fill('15');
    await form.getByRole('button', { name: 'Save club' }).click();
    await waitForText(page.getByTestId('club-note'), /Founders saved/);
    const club = await server.t.http().get('/api/club').set(b.auth).expect(200);
    expect(club.body.club).toMatchObject({
      name: 'Founders',
      access: { kind: 'invitation', inviteValidDays: 14 },
      benefits: { birthdayBonusPoints: 15 },
    });
    await checkAndShoot(page, 'club-settings');

    await page.goto(`${server.url}/admin#/members/${ada.id}`);
    await page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    const section = page.getByRole('region', { name: 'Club', exact: true });
    await waitForText(section.getByTestId('club-status'), /Not a member/);
    await section.getByRole('button', { name: 'Create invitation' }).click();
    const code = await waitForText(section.getByTestId('club-invite'), /Code [A-Z2-9]{10}/);
    await waitForText(section.getByTestId('club-status'), /Invited/);
    const m = /Code ([A-Z2-9]{10})/.exec(code)![1];
    const api = await server.t.http().get(`/api/members/${ada.id}/club`).set(b.auth).expect(200);
    expect(api.body.openInvitation.code).toBe(m);
    await checkAndShoot(page, 'member-club-invite');

    await page.getByRole('link', { name: 'Club', exact: true }).click();
    const list = page.getByTestId('club-members');
    await waitForText(list, /Ada Lovelace.*Invited/);
    await checkAndShoot(page, 'club-members');
  });
});
