/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { DESKTOP, launchBrowser, SCREENSHOTS, type TestBrowser } from './support/browser';
import { checkAndShoot } from './support/audit';
import { waitForText, watchErrors } from './support/page';
import { startServer, type Server } from './support/shop';
import { makeBusiness, makeMember, type TestBusiness } from '../support/factories';
import { makeReward, publishRules, txn } from '../support/loyalty';
import { applyRetentionEvents } from '../retention/summaries';

const DAY = 86_400_000;
const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/**
 * What an owner does on the monthly review, the redemptions and liability page
 * and the history import page (the app's clock: 2 March 2026): every number on
 * the page equals the API's; a messy file is checked (refused rows by line),
 * then imported; each page audited and photographed at phone and desktop width.
 */
describe('/admin monthly review, liability and import pages', () => {
  let server: Server;
  let b: TestBusiness;
  let browser: TestBrowser;
  let errors: string[];
  const ownerEmail = `owner-${Date.now()}@review.test`;

  beforeAll(async () => {
    server = await startServer();
    const t = server.t;
    b = await makeBusiness(t, { ownerEmail, name: 'Café Review', timeZone: 'UTC' });
    // Ada: weekly, order value falling Dec → Jan → Feb; Cleo: coffee and cake weekly, no cake since mid-January;
    // Rita: weekly until early December (drying up); 30 steady customers for the cohorts and 80/20.
    const lines = ['purchase_id,customer_id,customer_name,date,amount,category'];
    for (let i = 0; i < 13; i++) {
      const day = addDays('2025-12-01', 7 * i);
      const amount = day < '2026-01-01' ? '20.00' : day < '2026-02-01' ? '15.00' : '10.00';
      lines.push(`A-${i},A,Ada Falling,${day},${amount},food`);
    }
    for (let i = 0; i < 20; i++) {
      const day = addDays('2025-10-06', 7 * i);
      lines.push(`C-${i}-c,C,Cleo Coffee,${day},3.00,coffee`);
      if (day < '2026-01-15') lines.push(`C-${i}-k,C,Cleo Coffee,${day},4.00,pastry`);
    }
    for (let i = 0; i < 12; i++)
      lines.push(`R-${i},R,Rita Regular,${addDays('2025-09-15', 7 * i)},6.00,coffee`);
    for (let c = 0; c < 30; c++)
      for (let i = 0; i < 1 + (c % 6); i++)
        lines.push(
          `S-${c}-${i},S${c},Steady ${c},${addDays('2025-04-01', Math.min(c * 9 + i * 21, 330))},${(5 + c).toFixed(2)},food`,
        );
    const imp = await t
      .http()
      .post('/api/imports/purchases')
      .set(b.auth)
      .set('Content-Type', 'text/csv')
      .send(lines.join('\n'));
    if (imp.body?.state !== 'completed' || imp.body?.rowsRejected !== 0)
      throw new Error(`import ${imp.status} ${JSON.stringify(imp.body)}`);

    // Live members with points, a redemption and an expiry for the liability page.
    t.clock.set('2025-12-01T09:00:00Z');
    await publishRules(t, b, undefined);
    const reward = await makeReward(t, b, {
      name: '5 off',
      cost: { kind: 'points', points: 100 },
      benefit: { kind: 'amount_off', amount: 500 },
    });
    for (let k = 0; k < 3; k++) {
      const m = await makeMember(t, b);
      t.clock.set(`2025-12-0${k + 2}T09:00:00Z`);
      await t
        .http()
        .post('/api/pos/purchases')
        .set(b.auth)
        .send({ transactionId: txn(), member: { cardPayload: m.card.payload }, total: 12000 + k * 4000 })
        .expect(201);
      if (k > 0)
        await t
          .http()
          .post('/api/pos/redemptions')
          .set(b.auth)
          .send({ idempotencyKey: txn('R'), member: { cardPayload: m.card.payload }, rewardId: reward.id })
          .expect(201);
    }
    t.clock.set('2026-03-02T09:00:00Z');
    await applyRetentionEvents(t.db.url);

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
    await server?.close();
  });

  afterEach(() => expect(errors).toEqual([]));

  const money = (page: Page, minor: number) =>
    page.evaluate(
      (m) => new Intl.NumberFormat(undefined, { style: 'currency', currency: 'EUR' }).format(m / 100),
      minor,
    );

  it('the monthly review: alerts with evidence, 80/20, segments and cohort curves as the API computes them; another month', async () => {
    const { page } = browser;
    const api = (
      await server.t.http().get('/api/retention/review').query({ month: '2026-02' }).set(b.auth).expect(200)
    ).body;
    const names = [
      ...api.alerts.aovFallingCustomers,
      ...api.alerts.dryingUp,
      ...api.alerts.categoryDropped,
    ].map((a: { name: string }) => a.name);
    expect(names).toEqual(expect.arrayContaining(['Ada Falling', 'Rita Regular', 'Cleo Coffee']));
    await page.getByRole('link', { name: 'Monthly review' }).click();
    await page.getByRole('heading', { name: 'Monthly review', exact: true }).waitFor();
    // The page opens on the current month (March, nothing complete yet): choose February.
    await page.getByLabel('Month', { exact: true }).selectOption('2026-02');
    await waitForText(page.locator('.page-head'), /Feb 2026/);
    const rows = page.getByTestId('alerts-table').locator('tbody tr');
    await waitForText(rows.first(), /\S/);
    const total =
      api.alerts.aovFallingBusiness.length +
      api.alerts.aovFallingCustomers.length +
      api.alerts.dryingUp.length +
      api.alerts.categoryDropped.length;
    expect(await rows.count()).toBe(total);
    expect((await page.getByTestId('review-alerts').locator('.kpi-value').textContent())!.trim()).toBe(
      String(total),
    );
    const ada = rows.filter({ hasText: 'Ada Falling' });
    // The evidence in words: the three months' average order values.
    expect(await ada.textContent()).toContain(await money(page, 2000));
    expect(await ada.textContent()).toContain(await money(page, 1000));
    // Each kind of alert as often as the API lists it, with the evidence in words.
    expect(await rows.filter({ hasText: 'Stopped buying a product range' }).count()).toBe(
      api.alerts.categoryDropped.length,
    );
    expect(await rows.filter({ hasText: 'Average order value falling' }).count()).toBe(
      api.alerts.aovFallingBusiness.length + api.alerts.aovFallingCustomers.length,
    );
    expect(await rows.filter({ hasText: 'A regular’s visits drying up' }).count()).toBe(
      api.alerts.dryingUp.length,
    );
    for (const a of api.alerts.categoryDropped as { name: string; evidence: { category: string } }[])
      expect(
        await rows
          .filter({ hasText: a.name })
          .filter({ hasText: `Stopped buying ${a.evidence.category}` })
          .count(),
      ).toBe(1);
    // 80/20 and segments.
    expect(await page.getByTestId('review-share').locator('.kpi-value').textContent()).toBe(
      `${(api.concentration.share * 100).toFixed(1)} %`,
    );
    const seg = page.getByTestId('segments-table').locator('tbody tr');
    expect(await seg.count()).toBe(api.segments.length);
    for (const [i, s] of api.segments.entries() as IterableIterator<
      [number, { name: string; customers: number; totalValue: number }]
    >) {
      const cells = (await seg.nth(i).locator('td, th').allTextContents()).map((x) => x.trim());
      expect(cells.slice(0, 3)).toEqual([
        s.name,
        s.customers.toLocaleString('en'),
        await money(page, s.totalValue),
      ]);
    }
    // Cohort curves: what was drawn is the API's rates (in %), the last 6 cohorts with customers.
    const chart = page.getByTestId('chart-cohorts');
    const drawn = JSON.parse((await chart.getAttribute('data-series'))!) as Record<string, number[]>;
    const cohorts = (api.cohorts as { cohort: string; size: number; rates: number[] }[])
      .filter((c) => c.size > 0)
      .slice(-6);
    expect(Object.keys(drawn).length).toBe(cohorts.length + 1);
    const firstSeries = Object.entries(drawn).find(([k]) => k !== 'labels')!;
    expect(firstSeries[0]).toMatch(new RegExp(`\\(${cohorts[0].size}\\)$`));
    expect(firstSeries[1].slice(0, cohorts[0].rates.length)).toEqual(
      cohorts[0].rates.slice(0, firstSeries[1].length).map((r) => Math.round(r * 1000) / 10),
    );
    expect(await page.getByTestId('review-definition').textContent()).toBe(api.definition);
    // The CSV download carries the same alerts.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Alerts as CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('alerts-2026-02.csv');
    await checkAndShoot(page, 'review');
  });

  it('redemptions and liability: the figures and their arithmetic as the API computes them', async () => {
    const { page } = browser;
    const api = (await server.t.http().get('/api/retention/program').set(b.auth).expect(200)).body;
    const red = (await server.t.http().get('/api/retention/redemptions').set(b.auth).expect(200)).body;
    expect(api.cost.redemptions).toBe(2);
    expect(api.liability.value).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Redemptions', exact: true }).click();
    await page.getByRole('heading', { name: 'Redemptions and liability', exact: true }).waitFor();
    await waitForText(page.getByTestId('kpi-liability'), /\d/);
    expect((await page.getByTestId('kpi-liability').locator('.kpi-value').textContent())!.trim()).toBe(
      await money(page, api.liability.value),
    );
    expect((await page.getByTestId('kpi-expected').locator('.kpi-value').textContent())!.trim()).toBe(
      await money(page, api.expectedRedemption.value),
    );
    const facts = (await page.getByTestId('liability-facts').textContent())!;
    expect(facts).toContain(api.liability.arithmetic);
    expect(facts).toContain(api.expectedRedemption.arithmetic);
    const rows = page.getByTestId('redemptions-table').locator('tbody tr');
    expect(await rows.count()).toBe(red.months.length);
    const drawn = JSON.parse((await page.getByTestId('chart-redemptions').getAttribute('data-series'))!);
    expect(drawn.Redemptions.reduce((s: number, n: number) => s + n, 0)).toBe(2);
    const groups = page.getByTestId('groups-table').locator('tbody tr');
    expect(await groups.count()).toBe(2);
    await checkAndShoot(page, 'liability');
  });

  it('import history: a messy file is checked (refused rows by line), then imported; nothing is written by the check', async () => {
    const { page } = browser;
    const before = (await server.t.http().get('/api/imports').set(b.auth).expect(200)).body.items.length;
    await page.getByRole('link', { name: 'Import history' }).click();
    await page.getByRole('heading', { name: 'Import history', exact: true }).waitFor();
    const csv =
      '\uFEFFReceipt,Client,Sold at,Total\r\n' +
      'T-1,K-1,2026-01-05 08:15,"4,20"\r\n' +
      'T-2,K-1,2026-02-30,3.10\r\n' +
      'T-3,K-2,2026-01-07,-2.00\r\n' +
      'T-4,K-2,2026-01-08,12.50\r\n';
    await page.setInputFiles('#import-file', {
      name: 'old-till.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page
      .getByLabel('Column mapping (optional)')
      .fill('purchase_id=Receipt,customer_id=Client,date=Sold at,amount=Total');
    await page.getByRole('button', { name: 'Check the file' }).click();
    const bad = page.getByTestId('bad-rows').locator('tbody tr');
    await waitForText(bad.first(), /\d/);
    const lines = (await bad.locator('td:first-child, th:first-child').allTextContents()).map((s) =>
      s.trim(),
    );
    const dry = (
      await server.t
        .http()
        .post('/api/imports/purchases')
        .query({
          dryRun: 'true',
          mapping: 'purchase_id=Receipt,customer_id=Client,date=Sold at,amount=Total',
        })
        .set(b.auth)
        .set('Content-Type', 'text/csv')
        .send(csv)
        .expect(200)
    ).body;
    expect(lines).toEqual(dry.badRows.map((r: { line: number }) => String(r.line)));
    expect(dry.badRows.map((r: { line: number }) => r.line)).toEqual(expect.arrayContaining([2, 3, 4]));
    expect((await page.getByTestId('import-new').textContent())!.trim()).toBe(String(dry.purchasesImported));
    expect((await server.t.http().get('/api/imports').set(b.auth).expect(200)).body.items.length).toBe(
      before,
    );
    await checkAndShoot(page, 'import-check');
    await page
      .getByRole('button', {
        name: `Import ${dry.purchasesImported} purchase${dry.purchasesImported === 1 ? '' : 's'}`,
      })
      .click();
    await waitForText(page.getByTestId('import-done'), /^Done: /);
    const after = (await server.t.http().get('/api/imports').set(b.auth).expect(200)).body.items;
    expect(after.length).toBe(before + 1);
    // The app's clock is pinned: both runs started at the same instant, so find it by name.
    expect(after.find((r: { source: string }) => r.source === 'old-till.csv')).toMatchObject({
      source: 'old-till.csv',
      state: 'completed',
      purchasesImported: dry.purchasesImported,
    });
    await waitForText(
      page.getByTestId('import-runs').locator('tbody tr').filter({ hasText: 'old-till.csv' }),
      /completed/,
    );
    await checkAndShoot(page, 'import');
  });
});
