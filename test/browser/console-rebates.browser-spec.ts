/// <reference lib="dom" />
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { DESKTOP, launchBrowser, type TestBrowser } from './support/browser';
import { checkAndShoot } from './support/audit';
import { waitForText, watchErrors } from './support/page';
import { makeMember, startServer, type Server } from './support/shop';
import { makeBusiness, type TestBusiness } from '../support/factories';
import { drain, tomorrow, wholesale } from '../rebates/support';

/**
 * Volume rebates in the console, in Chromium: the owner adds a business
 * customer and its buyer, creates the worked-example agreement, sees
 * the statement after a month of orders (bracket, accrued, what the next
 * bracket is worth), previews then posts a settlement, is refused a backdated
 * amendment and adds a future one, and downloads the documents as CSV.
 */
describe('volume rebates in /admin (Chromium)', () => {
  let server: Server;
  let b: TestBusiness;
  let ownerEmail: string;
  let browser: TestBrowser;
  let errors: string[];
  let buyer: Awaited<ReturnType<typeof makeMember>>;

  beforeAll(async () => {
    server = await startServer();
    ownerEmail = `owner-${Date.now()}@roaster.test`;
    b = await makeBusiness(server.t, { ownerEmail, name: 'Roastery Test' });
    await wholesale(server.t, b);
    buyer = await makeMember(server.t, b, { firstName: 'Lena', lastName: 'Buyer' });
    browser = await launchBrowser({ viewport: DESKTOP, noCamera: true });
    errors = watchErrors(browser.page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => expect(errors).toEqual([]));

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Console' });
  const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

  it('adds a company and its buyer', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/admin`);
    await page.getByLabel('Email').fill(ownerEmail);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor();
    await nav(page).getByRole('link', { name: 'Business customers' }).click();
    await page.getByRole('heading', { name: 'Business customers', exact: true }).waitFor();
    await waitForText(page.getByTestId('companies-table'), /No business customers yet/);

    const form = region(page, 'Add a company');
    // Nothing filled in: each field says what it needs, nothing is sent.
    await form.getByRole('button', { name: 'Add company' }).click();
    await waitForText(form, /Enter the legal name/);
    await form.getByLabel('Legal name').fill('Café Aurora GmbH');
    await form.getByLabel('Tax id').fill('DE811111111');
    await form.getByLabel('Billing contact').fill('Accounts payable');
    await form.getByLabel('Billing email').fill('ap@aurora.example');
    await form.getByRole('button', { name: 'Add company' }).click();
    await waitForText(page.getByRole('status'), /Café Aurora GmbH added/);
    await page.getByTestId('companies-table').getByRole('link', { name: 'Café Aurora GmbH' }).click();
    await page.getByRole('heading', { name: 'Café Aurora GmbH', exact: true }).waitFor();

    await page.getByLabel('Add a buyer').fill('Lena');
    await page.getByRole('button', { name: 'Find member' }).click();
    await page.getByRole('button', { name: 'Make Lena Buyer a buyer' }).click();
    await waitForText(page.getByTestId('company-note'), /Lena Buyer now buys for this company/);
    await waitForText(page.getByTestId('buyers-table'), new RegExp(buyer.memberNumber));
    await checkAndShoot(page, 'company');
  });

  it('creates the worked-example agreement, sees the statement, previews and posts a settlement', async () => {
    const { page } = browser;
    const { t } = server;
    await nav(page).getByRole('link', { name: 'Volume rebates' }).click();
    await page.getByRole('heading', { name: 'Volume rebates', exact: true }).waitFor();
    const form = page.getByTestId('new-agreement-form');
    await form.getByLabel(/^Name/).fill('Cafés 2026');
    await form.getByLabel('In force from').fill(tomorrow(t));
    await form.getByLabel('Bracket 1 from (EUR)').fill('10000');
    await form.getByLabel('Rate (%)').first().fill('2');
    await form.getByRole('button', { name: 'Add bracket' }).click();
    // A bracket without its figures is stopped on the page.
    await form.getByRole('button', { name: 'Create agreement' }).click();
    await waitForText(page.getByTestId('agreement-errors'), /Bracket 2: enter the volume/);
    await form.getByLabel('Bracket 2 from (EUR)').fill('25000');
    await form.getByLabel('Rate (%)').nth(1).fill('4');
    await form.getByLabel('Minimum volume (EUR)').fill('10000');
    await form.getByRole('button', { name: 'Create agreement' }).click();
    await page.getByRole('heading', { name: 'Cafés 2026', exact: true }).waitFor();
    await waitForText(region(page, 'Agreement'), /Café Aurora GmbH/);
    await waitForText(region(page, 'Agreement'), /Quarterly interims \+ final/);

    // A month of orders: 24,000.00 -> 2 % = 480.00; 1,000.00 more reaches 4 %: worth 520.00 more.
    t.clock.advance(86_400_000);
    for (const [i, amount] of [1_500_000, 900_000].entries())
      await t
        .http()
        .post('/api/pos/purchases')
        .set(b.auth)
        .send({ transactionId: `order-${i}`, member: { memberNumber: buyer.memberNumber }, total: amount })
        .expect(201);
    await drain(t, b.id);
    await page.reload();
    await waitForText(page.getByTestId('st-volume'), /24,000\.00/);
    await waitForText(page.getByTestId('st-bracket'), /^2 %$/);
    await waitForText(page.getByTestId('st-accrued'), /480\.00/);
    await waitForText(
      page.getByTestId('st-next'),
      /Spend .*1,000\.00 more by .* to reach 4 %: worth .*520\.00 more/,
    );

    await page.getByRole('button', { name: 'Preview settlement' }).click();
    const preview = page.getByTestId('settlement-preview');
    await waitForText(preview, /Interim .* to pay now .*480\.00/);
    await waitForText(preview, /Café Aurora GmbH: .*480\.00/);
    await checkAndShoot(page, 'rebate-agreement');
    await page.getByRole('button', { name: /Post settlement of .*480\.00/ }).click();
    await waitForText(
      page.getByTestId('agreement-note'),
      /Settlement RB-2026-0001 posted: .*480\.00 \(Interim\)/,
    );
    await waitForText(page.getByTestId('settlements-table'), /RB-2026-0001/);
    // Previewing again: nothing is left to pay.
    await page.getByRole('button', { name: 'Preview settlement' }).click();
    await waitForText(preview, /to pay now .*0\.00/);
    await waitForText(preview, /Nothing to settle now/);
    const docs = await t.http().get('/api/rebates/verify').set(b.auth).expect(200);
    expect(docs.body.ok).toBe(true);
    // The company's page shows its statement under the agreement.
    await region(page, 'Agreement').getByRole('link', { name: 'Café Aurora GmbH' }).click();
    const cs = page.getByTestId('company-statement');
    await waitForText(
      cs,
      /Cafés 2026 .*Volume .*24,000\.00 · bracket 2 % · accrued .*480\.00 · settled .*480\.00 in 1 document/,
    );
    await waitForText(cs, /Spend .*1,000\.00 more by .* to reach 4 %: worth .*520\.00 more/);
    await checkAndShoot(page, 'company-statements');
    await page.getByRole('link', { name: 'Cafés 2026' }).click();
    await page.getByRole('heading', { name: 'Cafés 2026', exact: true }).waitFor();
  });

  it('refuses a backdated amendment and adds a future version; downloads the documents as CSV', async () => {
    const { page } = browser;
    const { t } = server;
    const amend = page.getByTestId('amend-form');
    await amend.getByLabel('New version in force from').fill('2026-01-01');
    await amend.getByRole('button', { name: 'Add version' }).click();
    await waitForText(page.getByTestId('amend-errors'), /effectiveFrom/);
    const later = new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
    await amend.getByLabel('New version in force from').fill(later);
    await amend.getByLabel('Rate (%)').nth(1).fill('5');
    await amend.getByRole('button', { name: 'Add version' }).click();
    await waitForText(page.getByTestId('amend-note'), /Version 2 in force from/);
    await waitForText(page.getByTestId('versions-table'), /5 % from .*25,000\.00/);

    await nav(page).getByRole('link', { name: 'Volume rebates' }).click();
    await waitForText(page.getByTestId('agreements-table'), /Cafés 2026/);
    await waitForText(page.getByTestId('rebate-liability'), /0\.00/);
    await checkAndShoot(page, 'rebates');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Settlement documents (CSV)' }).click(),
    ]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^number,created_at,agreement,period,stage,payout,company/);
    expect(csv).toMatch(
      /RB-2026-0001,.*,Cafés 2026,2026-01-01,interim,credit_note,Café Aurora GmbH,DE811111111,48000/,
    );
  });
});
