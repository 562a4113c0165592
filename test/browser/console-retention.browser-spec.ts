/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { DESKTOP, launchBrowser, SCREENSHOTS, type TestBrowser } from './support/browser';
import { checkAndShoot } from './support/audit';
import { waitForText, watchErrors } from './support/page';
import { startServer, type Server } from './support/shop';
import { makeBusiness, makeMember, type TestBusiness } from '../support/factories';
import { MessagingService } from '../../apps/api/src/messaging/messaging.service';

const DAY = 86_400_000;
const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

interface AtRisk {
  customers: { customerId: string; name: string; value: number }[];
}
interface Lost {
  currency: string;
  definition: string;
  months: { month: string; lost: number; monthlyValue: number }[];
  totals: { lost: number; monthlyValue: number; futureValue: number };
  customers: { customerId: string; name: string; futureValue: number }[];
}

/**
 * The retention pages of the owner console over imported purchase history (the app's
 * clock: 2 March 2026): the at-risk call list as the API ranks it, a call recorded in
 * the form (an error next to the field first) and then in the calls list and the API;
 * the lost customers' chart, totals and list equal the API's; both pages audited at
 * phone and desktop width; the development mailbox page shows what the API lists.
 */
describe('/admin retention and messages pages', () => {
  let server: Server;
  let b: TestBusiness;
  let ownerEmail: string;
  let browser: TestBrowser;
  let errors: string[];

  beforeAll(async () => {
    server = await startServer();
    const t = server.t;
    ownerEmail = `owner-${Date.now()}@retention.test`;
    b = await makeBusiness(t, { ownerEmail, name: 'Café Retention', timeZone: 'UTC' });
    // Regulars who stopped: weekly Rita (last 3 Dec), fortnightly Quentin (last 10 Oct),
    // Sam still weekly; Lena and Lou stopped in spring and summer 2025 (lost).
    const lines = ['purchase_id,customer_id,customer_name,customer_email,date,amount'];
    for (let i = 0; i < 10; i++) lines.push(`R-${i},R,Rita Regular,,${addDays('2025-10-01', 7 * i)},4.00`);
    for (let i = 0; i < 6; i++) lines.push(`Q-${i},Q,Quentin Quiet,,${addDays('2025-08-01', 14 * i)},20.00`);
    for (let i = 0; i < 20; i++) lines.push(`S-${i},S,Sam Steady,,${addDays('2025-10-18', 7 * i)},3.00`);
    for (let i = 0; i < 5; i++) lines.push(`L-${i},L,Lena Gone,,${addDays('2025-03-01', 10 * i)},12.50`);
    for (let i = 0; i < 4; i++) lines.push(`U-${i},U,Lou Gone,,${addDays('2025-06-01', 7 * i)},8.00`);
    const imp = await t
      .http()
      .post('/api/imports/purchases')
      .set(b.auth)
      .set('Content-Type', 'text/csv')
      .send(lines.join('\n'));
    if (imp.body?.state !== 'completed' || imp.body?.rowsRejected !== 0)
      throw new Error(`import ${imp.status} ${JSON.stringify(imp.body)}`);
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

  it('lists the customers at risk as ranked by the API and records a call', async () => {
    const { page } = browser;
    const api = (await server.t.http().get('/api/retention/at-risk').set(b.auth).expect(200)).body as AtRisk;
    // Everyone overdue but Sam (still weekly), in the API's order (value × risk).
    expect(api.customers.map((c) => c.name).sort()).toEqual([
      'Lena Gone',
      'Lou Gone',
      'Quentin Quiet',
      'Rita Regular',
    ]);
    const rita = api.customers.findIndex((c) => c.name === 'Rita Regular');
    await page.getByRole('link', { name: 'Customers at risk' }).click();
    await page.getByRole('heading', { name: 'Customers at risk', exact: true }).waitFor();
    const rows = page.getByTestId('at-risk-table').locator('tbody tr');
    await waitForText(rows.first(), new RegExp(api.customers[0]!.name));
    expect(await rows.count()).toBe(api.customers.length);
    for (const [i, c] of api.customers.entries()) {
      const cells = (await rows.nth(i).locator('td, th').allTextContents()).map((s) => s.trim());
      expect(cells.slice(0, 2)).toEqual([String(i + 1), c.name]);
      expect(cells[4]).toBe(await money(page, c.value));
    }

    // Pick Rita from her row; reason "other" without words: the error sits next to the field.
    await page.getByRole('button', { name: 'Record a call to Rita Regular' }).click();
    const form = page.getByRole('region', { name: 'Record a call' });
    expect(await form.getByLabel('Customer', { exact: true }).inputValue()).toBe(
      api.customers[rita]!.customerId,
    );
    await form.getByLabel('Why they stopped coming').selectOption('other');
    await form.getByRole('button', { name: 'Record the call' }).click();
    const words = form.getByLabel('In their words');
    expect(await words.getAttribute('aria-invalid')).toBe('true');
    const errId = (await words.getAttribute('aria-describedby'))!;
    expect(await page.locator(`[id="${errId}"]`).textContent()).toBe(
      'Say in their words why they stopped coming.',
    );
    await form.getByLabel('Why they stopped coming').selectOption('price');
    await words.fill('Too dear since the price rise');
    await form.getByLabel('Outcome').selectOption('will_return');
    await form.getByLabel('Follow up on').fill('2026-03-16');
    await form.getByRole('button', { name: 'Record the call' }).click();
    await waitForText(page.getByTestId('call-note'), /^Call to Rita Regular recorded\.$/);
    const calls = page.getByTestId('calls-table').locator('tbody tr');
    await waitForText(calls.first(), /Rita Regular/);
    const cells = (await calls.first().locator('td, th').allTextContents()).map((s) => s.trim());
    expect(cells.slice(1)).toEqual([
      'Rita Regular',
      'Yes',
      'Price: Too dear since the price rise',
      'Will come back',
      await page.evaluate(() =>
        new Date('2026-03-16T12:00:00Z').toLocaleDateString(undefined, {
          dateStyle: 'medium',
          timeZone: 'UTC',
        }),
      ),
    ]);
    // Through the API: the call as entered, and the at-risk row shows it as the last call.
    const recorded = await server.t.http().get('/api/retention/calls').set(b.auth).expect(200);
    expect(recorded.body.items).toEqual([
      expect.objectContaining({
        customerId: api.customers[rita]!.customerId,
        reached: true,
        reason: 'price',
        reasonText: 'Too dear since the price rise',
        outcome: 'will_return',
        followUpOn: '2026-03-16',
      }),
    ]);
    await waitForText(rows.nth(rita), /Will come back/);
    await checkAndShoot(page, 'at-risk');
  });

  it('shows the lost customers: the chart, totals and list equal the API', async () => {
    const { page } = browser;
    const api = (await server.t.http().get('/api/retention/lost').set(b.auth).expect(200)).body as Lost;
    expect(api.totals.lost).toBe(3); // Lena, Lou and Quentin
    await page.getByRole('link', { name: 'Lost customers' }).click();
    await page.getByRole('heading', { name: 'Lost customers', exact: true }).waitFor();
    const chart = page.getByTestId('chart-lost');
    await chart.waitFor();
    const drawn = JSON.parse((await chart.getAttribute('data-series'))!) as Record<string, unknown>;
    expect(drawn['Lost customers']).toEqual(api.months.map((m) => m.lost));
    expect(drawn['Their monthly value']).toEqual(api.months.map((m) => m.monthlyValue));
    expect((drawn.labels as string[]).length).toBe(12);
    // The numbers table under the chart: one row per month, the API's counts.
    await chart.getByText('Numbers').click();
    const numbers = chart.locator('details tbody tr');
    expect(await numbers.count()).toBe(12);
    for (const [i, m] of api.months.entries()) {
      const cells = (await numbers.nth(i).locator('td').allTextContents()).map((s) => s.trim());
      expect(cells).toEqual([String(m.lost), await money(page, m.monthlyValue)]);
    }
    expect((await page.getByTestId('lost-total').locator('.kpi-value').textContent())!.trim()).toBe('3');
    expect((await page.getByTestId('lost-monthly').locator('.kpi-value').textContent())!.trim()).toBe(
      await money(page, api.totals.monthlyValue),
    );
    expect((await page.getByTestId('lost-future').locator('.kpi-value').textContent())!.trim()).toBe(
      await money(page, api.totals.futureValue),
    );
    expect(await page.getByTestId('lost-definition').textContent()).toBe(api.definition);
    const rows = page.getByTestId('lost-table').locator('tbody tr');
    expect(await rows.count()).toBe(api.customers.length);
    for (const [i, c] of api.customers.entries()) {
      const cells = (await rows.nth(i).locator('td, th').allTextContents()).map((s) => s.trim());
      expect([cells[0], cells[6]]).toEqual([c.name, await money(page, c.futureValue)]);
    }
    await checkAndShoot(page, 'lost');
  });

  it('shows the development mailbox as the API lists it', async () => {
    const { page } = browser;
    const t = server.t;
    const messaging = t.app.get(MessagingService);
    const kim = await makeMember(t, b, {
      firstName: 'Kim',
      email: 'kim@example.test',
      marketingConsent: true,
    });
    await messaging.send({
      businessId: b.id,
      memberId: kim.id,
      type: 'win_back',
      channel: 'email',
      variables: { points: 70 },
      idempotencyKey: `k-${Date.now()}`,
      marketing: true,
    });
    await messaging.deliverDue();
    const box = await t.http().get('/api/messages/dev-mailbox').set(b.auth).expect(200);
    const mail = (box.body as { items: { subject: string; to: string; text: string }[] }).items.find(
      (m) => m.to === 'kim@example.test',
    )!;
    expect(mail.subject).toBe('We miss you at Café Retention');
    await page.getByRole('link', { name: 'Messages' }).click();
    await page.getByRole('heading', { name: 'Messages', exact: true }).waitFor();
    const items = page.getByTestId('mailbox').locator(':scope > li');
    await items.first().waitFor();
    expect(await items.count()).toBe(box.body.items.length);
    const kimMail = items.filter({ hasText: 'kim@example.test' });
    await kimMail.locator('summary').first().click();
    expect(await kimMail.locator('.mail-text').textContent()).toBe(mail.text);
    expect(mail.text).toContain('Your 70 points are waiting');
    expect(await page.getByTestId('transports').textContent()).toContain('Email goes to: dev-mailbox.');
    await checkAndShoot(page, 'messages');
  });
});
