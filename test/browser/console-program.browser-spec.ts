/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DESKTOP, launchBrowser, PHONE, SCREENSHOTS, type TestBrowser } from './support/browser';
import { checkAndShoot } from './support/audit';
import { waitForText, watchErrors } from './support/page';
import { makeMember, startServer, type Server } from './support/shop';
import { makeBusiness, makePosKey, type TestBusiness } from '../support/factories';
import { txn } from '../support/loyalty';

/**
 * Program set-up in the console, in Chromium: the owner of a new café with nothing
 * configured adds products, a points rule and a stamp card (chosen from the product
 * list), previews and publishes; adds a reward that costs a full card and gives a
 * product; adds a promotion (seen in the calendar), previews it — the preview names the
 * member who would gain — and publishes version 2. A purchase at the till then earns
 * exactly what was configured. Every new page is audited at phone and desktop width
 * and photographed.
 */
describe('program set-up in /admin (Chromium)', () => {
  let server: Server;
  let b: TestBusiness;
  let ownerEmail: string;
  let browser: TestBrowser;
  let errors: string[];

  beforeAll(async () => {
    server = await startServer();
    ownerEmail = `owner-${Date.now()}@program.test`;
    b = await makeBusiness(server.t, { ownerEmail, name: 'Café Neu' });
    browser = await launchBrowser({ viewport: DESKTOP, noCamera: true });
    errors = watchErrors(browser.page);
    await mkdir(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => expect(errors).toEqual([]));

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Console' });
  const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

  it('adds products (list, add, edit, deactivate) with prices in the currency', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/admin`);
    await page.getByLabel('Email').fill(ownerEmail);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor();
    await nav(page).getByRole('link', { name: 'Products' }).click();
    await page.getByRole('heading', { name: 'Products', exact: true }).waitFor();
    const form = page.getByTestId('product-form');
    // Errors next to their fields, in sentences.
    await form.getByRole('button', { name: 'Add product' }).click();
    await waitForText(form.locator('.field-error').first(), /Enter the name shown at the counter/);
    const add = async (name: string, sku: string, category: string | null, price: string) => {
      await form.getByLabel('Name').fill(name);
      await form.getByLabel('SKU').fill(sku);
      if (category !== null) {
        const chip = form.getByRole('button', { name: category, exact: true });
        if (await chip.count()) await chip.click();
        else await form.getByLabel('Category').fill(category);
      }
      await form.getByLabel('Price (EUR)').fill(price);
      await form.getByRole('button', { name: 'Add product' }).click();
      await waitForText(page.getByTestId('products-note'), new RegExp(`${name} added`));
    };
    await add('Flat white', 'FLAT-WHITE', 'coffee', '3.80');
    await add('Espresso', 'ESPRESSO', 'coffee', '2.50'); // "coffee" picked from the chips
    await add('Croissant', 'CROISSANT', 'bakery', '2.9');
    await add('Gift card', 'GIFT', null, '25');
    const table = page.getByTestId('products-table');
    await waitForText(table, /Croissant.*CROISSANT.*bakery.*€\s?2\.90/);
    // Edit: the croissant costs 3.00 now.
    await page.getByRole('button', { name: 'Edit Croissant' }).click();
    await form.getByLabel('Price (EUR)').fill('3.00');
    await form.getByRole('button', { name: 'Save' }).click();
    await waitForText(page.getByTestId('products-note'), /Croissant saved/);
    await waitForText(table, /Croissant.*€\s?3\.00/);
    // Deactivate the gift card: off the counter, still listed.
    await page.getByRole('button', { name: 'Deactivate Gift card' }).click();
    await waitForText(page.getByTestId('products-note'), /Gift card is no longer on sale/);
    const list = (await server.t.http().get('/api/products').set(b.auth).expect(200)).body.items as {
      sku: string;
      price: number;
      category: string | null;
      active: boolean;
    }[];
    expect(list.map((p) => [p.sku, p.category, p.price, p.active]).sort()).toEqual([
      ['CROISSANT', 'bakery', 300, true],
      ['ESPRESSO', 'coffee', 250, true],
      ['FLAT-WHITE', 'coffee', 380, true],
      ['GIFT', null, 2500, false],
    ]);
    await checkAndShoot(page, 'products');
  });

  it('sets points and a stamp card from the product list, previews, publishes version 1', async () => {
    const { page } = browser;
    await nav(page).getByRole('link', { name: 'Reward program' }).click();
    await page.getByRole('heading', { name: 'Reward program' }).waitFor();
    await waitForText(page.locator('main'), /Nothing is published yet/);
    // Points: 1 point per 1.00, gift cards excluded.
    await page.getByLabel('Members earn points on what they spend').check();
    await region(page, 'Points').getByLabel('Points', { exact: true }).fill('1');
    await region(page, 'Points').getByLabel('For every (EUR)').fill('1.00');
    await region(page, 'Exclusions').getByLabel('Gift card (not on sale)').check();
    // Espresso earns double: chosen from the product list.
    const mult = region(page, 'Multipliers');
    await mult.getByLabel('Name').fill('Espresso double');
    await mult.getByRole('button', { name: 'Add multiplier to the draft' }).click();
    await waitForText(mult.locator('.field-error'), /Choose the products or categories it applies to/);
    await mult.getByLabel('Espresso', { exact: true }).check();
    await mult.getByRole('button', { name: 'Add multiplier to the draft' }).click();
    await waitForText(mult.getByTestId('multipliers'), /Espresso double: points ×2 on Espresso/);
    // Points expire after 12 months.
    await region(page, 'Expiry and pending points').getByLabel('Points expire after (months)').fill('12');
    // A coffee card of 5, chosen by category.
    const cards = region(page, 'Stamp cards');
    await cards.getByRole('button', { name: 'Add stamp card to the draft' }).click();
    await waitForText(cards.locator('.field-error').first(), /Name the card/);
    await cards.getByLabel('Name').fill('Coffee card');
    await cards.getByLabel('Stamps to fill it').fill('5');
    await cards.getByLabel('A full card gives').fill('A free flat white');
    await cards.getByLabel('All coffee').check();
    await cards.getByRole('button', { name: 'Add stamp card to the draft' }).click();
    await waitForText(
      cards.getByTestId('stamp-card'),
      /Coffee card.*5 stamps fill the card: A free flat white/,
    );
    expect(await cards.getByTestId('stamp-card').locator('.stamp').count()).toBe(5);
    // Publishing needs a preview first.
    expect(await page.getByTestId('publish').isDisabled()).toBe(true);
    await page.getByTestId('preview').click();
    await waitForText(page.getByTestId('preview-sentence'), /On the last 30 days there were no purchases/);
    await page.getByTestId('publish').click();
    await waitForText(page.getByTestId('program-note'), /Version 1 is published/);
    await waitForText(
      page.getByTestId('versions-table'),
      /1.*Owner.*1 point per €\s?1\.00.*1 multiplier.*1 exclusion.*1 stamp card.*expire after 12 months/,
    );
    const rules = (await server.t.http().get('/api/rules').set(b.auth).expect(200)).body;
    expect(rules.current.version).toBe(1);
    expect(rules.current.ruleSet).toEqual({
      points: { pointsPer: 1, perAmount: 100, rounding: 'floor', minimumSpend: 0 },
      multipliers: [
        {
          id: 'mult-1',
          name: 'Espresso double',
          match: { skus: ['ESPRESSO'], categories: [] },
          multiplierBp: 20000,
        },
      ],
      exclusions: { skus: ['GIFT'], categories: [] },
      promotions: [],
      stampCards: [
        {
          id: 'card-1',
          name: 'Coffee card',
          match: { skus: [], categories: ['coffee'] },
          stampsPerUnit: 1,
          cardSize: 5,
          reward: { id: 'card-1-reward', description: 'A free flat white' },
        },
      ],
      pointsExpiry: { afterMonths: 12 },
      pendingDays: 0,
    });
  });

  it('adds a reward that costs the full card and gives a product; sets the return policy', async () => {
    const { page } = browser;
    await nav(page).getByRole('link', { name: 'Rewards', exact: true }).click();
    await page.getByRole('heading', { name: 'Rewards', exact: true }).waitFor();
    const form = page.getByTestId('reward-form');
    await form.getByLabel('Name').fill('Free flat white');
    await form.getByLabel('Costs').selectOption('stamp_card');
    await form.getByLabel('Stamp card').selectOption('card-1');
    await form.getByLabel('Gives').selectOption('free_item');
    await form.getByLabel('Product').selectOption('FLAT-WHITE');
    await form.getByRole('button', { name: 'Add reward' }).click();
    await waitForText(page.getByTestId('rewards-note'), /Free flat white added/);
    await waitForText(
      page.getByTestId('rewards-table'),
      /Free flat white.*a full Coffee card.*Free: Flat white/,
    );
    await page.getByLabel('When the points of a returned purchase were already spent').selectOption('refuse');
    await page.getByRole('button', { name: 'Save return policy' }).click();
    await waitForText(page.getByTestId('returns-note'), /return policy is saved/);
    const rewards = (await server.t.http().get('/api/rewards').set(b.auth).expect(200)).body.items;
    expect(rewards).toEqual([
      expect.objectContaining({
        name: 'Free flat white',
        cost: { kind: 'stamp_card', cardId: 'card-1' },
        benefit: { kind: 'free_item', sku: 'FLAT-WHITE', description: 'Flat white', maxValue: 380 },
        active: true,
      }),
    ]);
    expect((await server.t.http().get('/api/program').set(b.auth).expect(200)).body).toEqual({
      reversalPolicy: 'refuse',
      restoreRewardsOnReturn: true,
    });
    await checkAndShoot(page, 'rewards');
  });

  it('a promotion: calendar, preview with member names, version 2; a purchase earns exactly that', async () => {
    const t = server.t;
    const pos = await makePosKey(t, b);
    const ada = await makeMember(t, b, { firstName: 'Ada', lastName: 'Lovelace' });
    const sale = (lines: object[], total: number) =>
      t
        .http()
        .post('/api/pos/purchases')
        .set(pos.auth)
        .send({ transactionId: txn(), member: { memberNumber: ada.memberNumber }, total, lines })
        .expect(201);
    // Under version 1: 2 flat whites and a croissant = 10.60 → 10 points, 2 stamps.
    const first = await sale(
      [
        { lineId: '1', sku: 'FLAT-WHITE', category: 'coffee', quantity: 2, unitPrice: 380 },
        { lineId: '2', sku: 'CROISSANT', category: 'bakery', quantity: 1, unitPrice: 300 },
      ],
      1060,
    );
    expect(first.body.earned).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'points', amount: 10 }),
        expect.objectContaining({ kind: 'stamps', amount: 2 }),
      ]),
    );

    const { page } = browser;
    await nav(page).getByRole('link', { name: 'Reward program' }).click();
    await page.getByRole('heading', { name: 'Reward program' }).waitFor();
    await waitForText(page.locator('main'), /Version 1 is in force/);
    // A change can be discarded: the fields show the rules in force again.
    const points = region(page, 'Points').getByLabel('Points', { exact: true });
    await points.fill('5');
    await waitForText(page.getByTestId('draft-summary'), /5 points per €\s?1\.00/);
    await page.getByRole('button', { name: 'Discard the draft' }).click();
    await waitForText(region(page, 'Preview and publish'), /No changes to publish/);
    expect(await points.inputValue()).toBe('1');
    const promos = region(page, 'Promotions');
    await promos.getByLabel('Name').fill('Pastry week');
    await promos.getByLabel('What members get').selectOption('flat');
    await promos.getByLabel('Extra points').fill('15');
    await promos.getByLabel('All bakery').check();
    await promos.getByRole('button', { name: 'Add promotion to the draft' }).click();
    await waitForText(
      promos.getByTestId('promotions'),
      /Pastry week: 15 extra points per purchase; on all bakery/,
    );
    // Every day of the coming four weeks shows it (no date window, every weekday).
    expect(await promos.getByTestId('promo-calendar').locator('td .promo').count()).toBe(28);
    expect(await promos.getByTestId('promo-calendar').locator('.agenda li').count()).toBe(28);
    // A second one with a date window, a weekday and hours: on the calendar exactly on the
    // one Saturday of the window; stored as local midnights of Berlin (last day inclusive).
    const berlinToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
    const plus = (n: number) => {
      const d = new Date(`${berlinToday}T12:00:00Z`);
      d.setUTCDate(d.getUTCDate() + n);
      return d.toISOString().slice(0, 10);
    };
    const saturday = [7, 8, 9, 10, 11, 12, 13]
      .map(plus)
      .find((d) => new Date(`${d}T12:00:00Z`).getUTCDay() === 6)!;
    await promos.getByLabel('Name').fill('Saturday brunch');
    await promos.getByLabel('Points ×').fill('3');
    await promos.getByLabel('First day').fill(plus(7));
    await promos.getByLabel('Last day').fill(plus(6));
    await promos.getByRole('button', { name: 'Add promotion to the draft' }).click();
    await waitForText(promos.locator('.field-error'), /The last day must be on or after the first day/);
    await promos.getByLabel('Last day').fill(plus(13));
    await promos.getByLabel('From (time)').fill('09:00');
    await promos.getByLabel('Until (time)').fill('12:00');
    await promos.getByLabel('Saturday').check();
    await promos.getByRole('button', { name: 'Add promotion to the draft' }).click();
    await waitForText(
      promos.getByTestId('promotions'),
      new RegExp(
        `Saturday brunch: points ×3 · on Saturday · 09:00–12:00 · from ${plus(7)} · until ${plus(13)}`,
      ),
    );
    const brunch = promos.getByTestId('promo-calendar').locator('td', { hasText: 'Saturday brunch' });
    expect(await brunch.count()).toBe(1);
    expect(await brunch.getAttribute('data-date')).toBe(saturday);
    await page.getByTestId('preview').click();
    const sentence = await waitForText(page.getByTestId('preview-sentence'), /this would have given/);
    expect(sentence).toBe(
      'On the last 30 days this would have given 1 member 150 % more points (+15); biggest changes: Ada Lovelace +15 points.',
    );
    await waitForText(page.getByTestId('preview-members'), /Ada Lovelace.*1.*10.*25.*\+15/);
    await checkAndShoot(page, 'program');
    // Close-ups of the parts that change most between widths.
    for (const size of [PHONE, DESKTOP]) {
      await page.setViewportSize(size);
      const label = size === PHONE ? 'phone' : 'desktop';
      for (const part of ['Points', 'Promotions', 'Stamp cards', 'Preview and publish'])
        await region(page, part).screenshot({
          path: join(SCREENSHOTS, `admin-program-${part.toLowerCase().replace(/ /g, '-')}-${label}.png`),
        });
    }
    await page.setViewportSize(DESKTOP);
    await page.getByTestId('publish').click();
    await waitForText(page.getByTestId('program-note'), /Version 2 is published/);
    await waitForText(
      page.getByTestId('versions-table').locator('tbody tr').first(),
      /2.*Owner.*2 promotions/,
    );
    // The history reads in full: open version 2.
    const v2row = page.getByTestId('version-2');
    await v2row.locator('summary').click();
    await waitForText(v2row, /Points: 1 per €\s?1\.00, round down/);
    await waitForText(v2row, /Multiplier Espresso double: ×2 on Espresso/);
    await waitForText(v2row, /No points on Gift card/);
    await waitForText(v2row, /Promotion Saturday brunch: points ×3 · on Saturday · 09:00–12:00/);
    await waitForText(
      v2row,
      /Stamp card Coffee card: 5 stamps \(1 per item of all coffee\) give A free flat white/,
    );
    await waitForText(v2row, /Points expire after 12 months; spendable at once/);
    await region(page, 'Version history').scrollIntoViewIfNeeded();
    await checkAndShoot(page, 'program-history');
    for (const size of [PHONE, DESKTOP]) {
      await page.setViewportSize(size);
      await region(page, 'Version history').screenshot({
        path: join(SCREENSHOTS, `admin-program-versions-${size === PHONE ? 'phone' : 'desktop'}.png`),
      });
    }
    await page.setViewportSize(DESKTOP);
    const v2 = (await t.http().get('/api/rules/versions').set(b.auth).expect(200)).body.items[0];
    const offset = (d: string) =>
      new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'longOffset' })
        .format(new Date(`${d}T12:00:00Z`))
        .replace(/.*GMT/, '') || '+00:00';
    expect(v2.ruleSet.promotions).toEqual([
      {
        id: 'promo-1',
        name: 'Pastry week',
        schedule: {},
        match: { skus: [], categories: ['bakery'] },
        minimumSpend: 0,
        effect: { kind: 'flat', points: 15 },
      },
      {
        id: 'promo-2',
        name: 'Saturday brunch',
        schedule: {
          from: `${plus(7)}T00:00:00${offset(plus(7))}`,
          until: `${plus(14)}T00:00:00${offset(plus(14))}`,
          weekdays: [6],
          localTime: { from: '09:00', to: '12:00' },
        },
        minimumSpend: 0,
        effect: { kind: 'multiplier', multiplierBp: 30000 },
      },
    ]);

    // At the till: a flat white, an espresso and a croissant (9.30); the espresso counts twice for
    // points: 3.80 + 2 × 2.50 + 3.00 = 11.80 → 11 points, + 15 (promotion on the croissant) = 26; 2 stamps.
    const second = await sale(
      [
        { lineId: '1', sku: 'FLAT-WHITE', category: 'coffee', quantity: 1, unitPrice: 380 },
        { lineId: '2', sku: 'ESPRESSO', category: 'coffee', quantity: 1, unitPrice: 250 },
        { lineId: '3', sku: 'CROISSANT', category: 'bakery', quantity: 1, unitPrice: 300 },
      ],
      930,
    );
    const earned = second.body.earned as { kind: string; amount: number }[];
    expect(earned.filter((e) => e.kind === 'points').reduce((s, e) => s + e.amount, 0)).toBe(26);
    expect(earned.filter((e) => e.kind === 'stamps').reduce((s, e) => s + e.amount, 0)).toBe(2);
    const loyalty = (await t.http().get(`/api/members/${ada.id}/loyalty`).set(b.auth).expect(200)).body;
    expect(loyalty.points.available).toBe(36);
    expect(loyalty.stampCards).toEqual([expect.objectContaining({ cardId: 'card-1', size: 5, progress: 4 })]);
    // A gift card earns nothing (excluded); the espresso earns 5 (×2) and, the fifth coffee, fills the card.
    await sale(
      [
        { lineId: '1', sku: 'GIFT', quantity: 1, unitPrice: 2500 },
        { lineId: '2', sku: 'ESPRESSO', category: 'coffee', quantity: 1, unitPrice: 250 },
      ],
      2750,
    );
    const after = (await t.http().get(`/api/members/${ada.id}/loyalty`).set(b.auth).expect(200)).body;
    expect(after.points.available).toBe(41);
    expect(after.rewardsAvailable).toEqual([expect.objectContaining({ name: 'Free flat white' })]);
  });
});
