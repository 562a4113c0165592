/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { DESKTOP, launchBrowser, PHONE, SCREENSHOTS, type TestBrowser } from './support/browser';
import { audit, checkAndShoot } from './support/audit';
import { waitForText, watchErrors } from './support/page';
import { makeMember, startServer, type Server } from './support/shop';
import { makeBusiness, makePosKey, makeStaff, type TestBusiness } from '../support/factories';
import { CAFE_RULES, coffee, makeReward, publishRules, txn } from '../support/loyalty';
import { applyDashboardEvents } from '../console/dashboard-events';

const TABLET = { width: 1024, height: 768 };

/**
 * The owner console (/admin) in Chromium: an owner logs in by keyboard, the dashboard's
 * charts show the numbers of the data this test made, a member is found, adjusted by
 * hand and the adjustment shows in their history, a cashier is invited, a POS key is
 * revoked, and a cashier cannot use the console. Every page is checked for labels,
 * 44 px targets and 4.5:1 text contrast, at phone and desktop width, and photographed.
 */
describe('/admin in Chromium', () => {
  let server: Server;
  let b: TestBusiness;
  let ownerEmail: string;
  let pos: Awaited<ReturnType<typeof makePosKey>>;
  let cashier: Awaited<ReturnType<typeof makeStaff>>;
  let browser: TestBrowser;
  let errors: string[];
  const foreign: string[] = [];
  let ana: Awaited<ReturnType<typeof makeMember>>;
  const expected = {
    members: 0,
    purchases: 0,
    revenue: 0,
    pointsIssued: 0,
    pointsRedeemed: 0,
    stampCards: 0,
  };

  beforeAll(async () => {
    server = await startServer();
    const t = server.t;
    ownerEmail = `owner-${Date.now()}@console.test`;
    b = await makeBusiness(t, { ownerEmail, name: 'Café Console' });
    await publishRules(t, b, CAFE_RULES);
    const reward = await makeReward(t, b, {
      name: 'One euro off',
      cost: { kind: 'points', points: 5 },
      benefit: { kind: 'amount_off', amount: 100 },
    });
    pos = await makePosKey(t, b);
    cashier = await makeStaff(t, b, 'cashier');
    // This week's data (the app's clock is pinned to Monday 2 March 2026, 09:00 UTC).
    ana = await makeMember(t, b, { firstName: 'Ana', lastName: 'Console', phone: '+49 151 5550101' });
    const ben = await makeMember(t, b, { firstName: 'Ben', lastName: 'Console' });
    const cleo = await makeMember(t, b, { firstName: 'Cleo', lastName: 'Console' });
    expected.members = 3;
    const stamps = new Map<string, number>();
    const buy = async (m: { id: string; memberNumber: string }, coffees: number, cakes: number) => {
      const lines = [coffee('1', coffees, 350)];
      if (cakes)
        lines.push({ lineId: '2', sku: 'CAKE', category: 'bakery', quantity: cakes, unitPrice: 420 });
      const total = coffees * 350 + cakes * 420;
      const r = await t
        .http()
        .post('/api/pos/purchases')
        .set(pos.auth)
        .send({ transactionId: txn(), member: { memberNumber: m.memberNumber }, total, lines });
      if (r.status !== 201) throw new Error(`purchase ${r.status} ${JSON.stringify(r.body)}`);
      expected.purchases++;
      expected.revenue += total;
      for (const e of r.body.earned as { kind: string; amount: number }[]) {
        if (e.kind === 'points') expected.pointsIssued += e.amount;
        else {
          const before = stamps.get(m.id) ?? 0;
          stamps.set(m.id, before + e.amount);
          expected.stampCards += Math.floor((before + e.amount) / 10) - Math.floor(before / 10);
        }
      }
    };
    await buy(ana, 12, 1);
    await buy(ben, 2, 0);
    await buy(cleo, 1, 2);
    await buy(ana, 3, 0);
    const red = await t
      .http()
      .post('/api/pos/redemptions')
      .set(pos.auth)
      .send({ idempotencyKey: txn('R'), member: { memberNumber: ana.memberNumber }, rewardId: reward.id });
    if (red.status !== 201) throw new Error(`redemption ${red.status}`);
    expected.pointsRedeemed += 5;
    await applyDashboardEvents(t.db.url); // the worker's job (the test server runs without it)
    browser = await launchBrowser({ viewport: DESKTOP, noCamera: true });
    errors = watchErrors(browser.page);
    // Nothing may come from anywhere but the app itself (a shop's network may be offline).
    browser.page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(server.url) && !/^(data|blob):/.test(u)) foreign.push(u);
    });
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
  });

  /** Audits the page at phone and desktop width (and tablet where asked) and saves the screenshots. */

  const series = async (page: Page, testId: string) =>
    JSON.parse((await page.getByTestId(testId).getAttribute('data-series')) ?? '{}') as Record<
      string,
      number[] | string[]
    >;

  it('an owner logs in with the keyboard and the dashboard charts show the real numbers', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/admin`);
    await page.getByRole('heading', { name: 'Console login' }).waitFor();
    // The audit finds what it looks for: an unlabelled input, a small button, grey-on-white text.
    await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.id = 'audit-probe';
      probe.innerHTML =
        '<input name="probe"><button style="min-height:0;height:20px;padding:0">x</button><p style="color:#aaa;background:#fff">faint</p>';
      document.body.append(probe);
    });
    const found = await audit(page);
    expect(found.map((p) => p.kind).sort()).toEqual(['contrast', 'label', 'target']);
    expect(found.find((p) => p.kind === 'target')?.what).toMatch(/^button "x"/);
    await page.evaluate(() => document.getElementById('audit-probe')?.remove());
    await checkAndShoot(page, 'login');
    // Errors next to the field, in plain sentences.
    await page.getByRole('button', { name: 'Log in' }).click();
    await waitForText(page.locator('.field-error'), /Enter the email address you log in with/);
    await page.getByLabel('Email').focus();
    await page.keyboard.type(ownerEmail);
    await page.keyboard.press('Tab');
    await page.keyboard.type('correct horse battery');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor();
    await waitForText(page.getByTestId('shop-name'), /Café Console/);

    // Each chart is drawn (uPlot canvas) from exactly the numbers the test produced.
    for (const id of ['chart-members', 'chart-sales', 'chart-points', 'chart-stamps'])
      await page.getByTestId(id).locator('canvas').first().waitFor();
    const members = await series(page, 'chart-members');
    const sales = await series(page, 'chart-sales');
    const points = await series(page, 'chart-points');
    const stamps = await series(page, 'chart-stamps');
    expect(members.labels).toHaveLength(12);
    const last = (s: Record<string, unknown[]>, k: string) => s[k][s[k].length - 1];
    const sumBefore = (s: Record<string, unknown[]>, k: string) =>
      (s[k] as number[]).slice(0, -1).reduce((a, v) => a + v, 0);
    expect(last(members, 'New members')).toBe(expected.members);
    expect(last(members, 'Active members')).toBe(3);
    expect(last(sales, 'Purchases')).toBe(expected.purchases);
    expect(last(sales, 'Revenue')).toBe(expected.revenue);
    expect(last(points, 'Points issued')).toBe(expected.pointsIssued);
    expect(last(points, 'Points redeemed')).toBe(expected.pointsRedeemed);
    expect(last(stamps, 'Stamp cards completed')).toBe(expected.stampCards);
    for (const [s, k] of [
      [members, 'New members'],
      [sales, 'Purchases'],
      [points, 'Points issued'],
    ] as const)
      expect(sumBefore(s, k)).toBe(0);
    expect(expected.stampCards).toBe(1);
    // The numbers table under the chart and the key figures say the same, with the currency.
    await page.getByTestId('chart-sales').locator('summary').click();
    const lastRow = page.getByTestId('chart-sales').locator('tbody tr').last();
    const euros = (expected.revenue / 100).toFixed(2).replace('.', '\\.');
    expect(expected.revenue).toBe(7560);
    await waitForText(lastRow, new RegExp(`€\\s?${euros}`));
    await waitForText(page.getByTestId('kpi-revenue'), new RegExp(`€\\s?${euros}`));
    expect(await page.getByTestId('kpi-members').textContent()).toContain('3');
    await waitForText(page.getByTestId('chart-rewards'), /One euro off\s*1/);
    // Another period: four weeks, the same numbers this week.
    await page.getByLabel('Period').selectOption('4');
    await page.waitForFunction(
      () =>
        JSON.parse(document.querySelector('[data-testid=chart-sales]')!.getAttribute('data-series')!).labels
          .length === 4,
    );
    expect((await series(page, 'chart-sales')).Revenue).toEqual([0, 0, 0, expected.revenue]);
    await page.getByLabel('Period').selectOption('12');
    await page.waitForFunction(
      () =>
        JSON.parse(document.querySelector('[data-testid=chart-sales]')!.getAttribute('data-series')!).labels
          .length === 12,
    );
    await checkAndShoot(page, 'dashboard', { sizes: [PHONE, TABLET, DESKTOP] });
  });

  it('member search → member page → manual adjustment → shows in the history', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('heading', { name: 'Members', exact: true }).waitFor();
    await page.getByTestId('members-table').locator('tbody tr').first().waitFor();
    await page.getByLabel('Find a member').fill('5550101');
    await page.getByRole('button', { name: 'Search' }).click();
    await waitForText(page.getByTestId('result-count'), /^1 member found/);
    await checkAndShoot(page, 'members');
    await page.getByRole('link', { name: 'Ana Console' }).click();
    await page.getByRole('heading', { name: 'Ana Console' }).waitFor();
    // 12+3 coffees and a cake: 15 stamps (1 full card redeemed? no: 1 card completed, 5 on the next).
    await waitForText(page.getByTestId('points-available'), /^\d+ points$/);
    const before = Number((await page.getByTestId('points-available').textContent())!.split(' ')[0]);
    await page.getByTestId('purchases-table').locator('tbody tr').first().waitFor();
    await waitForText(page.getByTestId('purchases-table'), /12 × ESPRESSO \(coffee\)/);
    // This café has no tier program: the tier section says so (console-tier.browser-spec.ts shows a tier).
    await waitForText(page.getByTestId('tier-none'), /^This business has no tier program in force\.$/);

    // The reason is required: the error sits next to the field.
    const form = page.getByTestId('adjust-form');
    await form.getByLabel('Points', { exact: false }).and(page.getByRole('textbox')).fill('25');
    await form.getByRole('button', { name: 'Add points' }).click();
    await waitForText(form.locator('.field-error'), /Say why/);
    await form.getByLabel('Reason').fill('Goodwill: long wait');
    await form.getByRole('button', { name: 'Add points' }).click();
    await waitForText(
      page.getByTestId('adjust-result'),
      new RegExp(`Added 25 points\\. Balance now ${before + 25}`),
    );
    await waitForText(page.getByTestId('points-available'), new RegExp(`^${before + 25} points$`));
    const first = page.getByTestId('history-table').locator('tbody tr').first();
    await waitForText(first, /Adjustment: Goodwill: long wait/);
    expect(await first.textContent()).toContain('+25 points');
    await waitForText(page.getByTestId('adjustments-table'), /Owner.*Goodwill: long wait.*\+25/);
    // And on the server: the ledger holds it.
    const h = await server.t.http().get(`/api/members/${ana.id}/history`).set(b.auth).expect(200);
    expect(h.body.items[0]).toMatchObject({ amount: 25, reason: 'Adjustment: Goodwill: long wait' });
    // Reissue the card: the old QR is refused at the counter afterwards.
    await page.getByLabel('Reason (lost, stolen, …)').fill('lost phone');
    await page.getByRole('button', { name: 'Issue new card' }).click();
    await waitForText(page.locator('#card-h').locator('..'), /New card issued/);
    expect(
      (await server.t.http().post('/api/scan').set(pos.auth).send({ payload: ana.card.payload })).body.error
        .code,
    ).toBe('CARD_REVOKED');
    await page.getByText('Earlier cards (1)').click();
    await waitForText(page.locator('#card-h').locator('..'), /\(lost phone\)/);
    await checkAndShoot(page, 'member');
  });

  it('invites a cashier, changes a role, deactivates, adds a location, and revokes a POS key', async () => {
    const { page } = browser;
    const cashierName = (
      (await server.t.http().get(`/api/staff/${cashier.id}`).set(b.auth).expect(200)).body as { name: string }
    ).name;
    await page.getByRole('link', { name: 'Staff' }).click();
    await page.getByRole('heading', { name: 'Staff', exact: true }).waitFor();
    const invite = page.getByTestId('invite-form');
    await invite.getByLabel('Name').fill('Dora Till');
    await invite.getByLabel('Email').fill('dora@console.test');
    await invite.getByLabel('First password').fill('short');
    await invite.getByRole('button', { name: 'Invite' }).click();
    await waitForText(invite.locator('.field-error'), /at least 10 characters/);
    await invite.getByLabel('First password').fill('dora first password');
    await invite.getByRole('button', { name: 'Invite' }).click();
    await waitForText(page.getByTestId('staff-note'), /Dora Till can now log in as cashier/);
    await waitForText(page.getByTestId('staff-table'), /Dora Till/);
    const login = await server.t
      .http()
      .post('/api/auth/staff/login')
      .send({ email: 'dora@console.test', password: 'dora first password' });
    expect(login.status).toBe(200);
    expect(login.body.staff.role).toBe('cashier');
    // Change the role of the first cashier, then deactivate Dora.
    await page.getByLabel(`Role of ${cashierName}`).selectOption('manager');
    await waitForText(page.getByTestId('staff-note'), new RegExp(`${cashierName} is now manager`));
    await page.getByRole('button', { name: 'Deactivate Dora Till' }).click();
    await waitForText(page.getByTestId('staff-note'), /Dora Till can no longer log in/);
    await waitForText(page.getByTestId('staff-table').locator('tr', { hasText: 'Dora Till' }), /Deactivated/);
    const staffNow = await server.t.http().get('/api/staff').set(b.auth).expect(200);
    const byEmail = new Map(
      (staffNow.body.items as { email: string; role: string; active: boolean }[]).map((x) => [x.email, x]),
    );
    expect(byEmail.get('dora@console.test')).toMatchObject({ active: false });
    expect(byEmail.get(cashier.email)).toMatchObject({ role: 'manager' });
    // Back to cashier for the last test.
    await page.getByLabel(`Role of ${cashierName}`).selectOption('cashier');
    await waitForText(page.getByTestId('staff-note'), new RegExp(`${cashierName} is now cashier`));
    await checkAndShoot(page, 'staff');

    await page.getByRole('link', { name: 'Locations' }).click();
    await page.getByRole('heading', { name: 'Locations', exact: true }).waitFor();
    await page.getByTestId('locations-table').locator('tbody tr').first().waitFor();
    await page.getByRole('button', { name: 'Add location' }).click();
    await waitForText(page.locator('.field-error'), /Enter the name/);
    await page.getByLabel('Name').fill('Station kiosk');
    await page.getByLabel('Address').fill('Platform 1');
    await page.getByRole('button', { name: 'Add location' }).click();
    await waitForText(page.getByTestId('locations-table'), /Station kiosk.*Platform 1/);
    await checkAndShoot(page, 'locations');

    await page.getByRole('link', { name: 'POS keys' }).click();
    await page.getByRole('heading', { name: 'POS keys', exact: true }).waitFor();
    await page.getByLabel('Name').fill('Till 9');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = (await page.getByTestId('new-key-value').textContent())!;
    // Keys are listed without their secret half.
    expect(await page.getByTestId('keys-table').textContent()).not.toContain(shown.slice(25));
    expect(shown).toMatch(/^rk_[0-9a-f]{16}_/);
    expect(
      (
        await server.t
          .http()
          .post('/api/scan')
          .set({ 'X-API-Key': shown })
          .send({ memberNumber: ana.memberNumber })
      ).status,
    ).toBe(200);
    await waitForText(page.getByTestId('keys-table'), /Till 9/);
    await checkAndShoot(page, 'keys');
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByTestId('new-key').count()).resolves.toBe(0);

    // Revoke the till's key: a second tap confirms.
    const row = page.getByTestId('keys-table').locator('tr', { hasText: 'POS' }).first();
    await waitForText(row, /Active/);
    await row.getByRole('button', { name: 'Revoke POS' }).click();
    await row.getByRole('button', { name: 'Confirm: revoke POS' }).click();
    await waitForText(page.getByTestId('keys-note'), /POS is revoked/);
    await waitForText(row, /Revoked/);
    const refused = await server.t
      .http()
      .post('/api/scan')
      .set(pos.auth)
      .send({ memberNumber: ana.memberNumber });
    expect(refused.status).toBe(401);
  });

  it('a manager sees the console without POS keys; a cashier is sent to the counter and cannot open any console data', async () => {
    const { page } = browser;
    // A manager first: the console without the owner-only POS keys.
    const manager = await makeStaff(server.t, b, 'manager');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Console login' }).waitFor();
    await page.getByLabel('Email').fill(manager.email);
    await page.getByLabel('Password').fill(manager.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Console' });
    expect((await nav.getByRole('link').allTextContents()).map((x) => x.trim())).toEqual([
      'Dashboard',
      'Members',
      'Products',
      'Reward program',
      'Rewards',
      'Tiers',
      'Club',
      'Customers at risk',
      'Lost customers',
      'Monthly review',
      'Redemptions',
      'Import history',
      'Messages',
      'Message templates',
      'Message settings',
      'Survey results',
      'Business customers',
      'Volume rebates',
      'Staff',
      'Locations',
    ]);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Console login' }).waitFor();
    await page.getByLabel('Email').fill(cashier.email);
    await page.getByLabel('Password').fill(cashier.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/cashier$/);
    await page.locator('#counter-view').waitFor({ state: 'visible' });
    // Opening /admin again goes straight back to the counter.
    await page.goto(`${server.url}/admin#/dashboard`);
    await page.waitForURL(/\/cashier$/);
    // The server refuses every console route to the cashier's token.
    const statuses = await page.evaluate(async (memberId) => {
      const token = (JSON.parse(sessionStorage.getItem('regulars.counter.session')!) as { token: string })
        .token;
      const out: Record<string, number> = {};
      for (const path of [
        '/api/dashboard',
        '/api/staff',
        '/api/api-keys',
        `/api/members/${memberId}/history`,
        `/api/members/${memberId}/purchases`,
        `/api/members/${memberId}/loyalty`,
        `/api/members/${memberId}/adjustments`,
        '/api/rules/versions',
        '/api/retention/at-risk',
        '/api/retention/calls',
        '/api/retention/lost',
        '/api/messages/dev-mailbox',
      ])
        out[path] = (await fetch(path, { headers: { authorization: `Bearer ${token}` } })).status;
      out['POST adjustments'] = (
        await fetch(`/api/members/${memberId}/adjustments`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ amount: 5, reason: 'not allowed', idempotencyKey: 'cashier-try-1' }),
        })
      ).status;
      return out;
    }, ana.id);
    for (const [path, status] of Object.entries(statuses))
      expect({ path, status }).toEqual({ path, status: 403 });
  });
});
