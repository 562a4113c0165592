import { consumeEvent } from '../../apps/api/src/events/consumer';
import { Db } from '../../apps/api/src/database/db';
import { RebateAccrualConsumer } from '../../apps/api/src/rebates/rebate-accrual.consumer';
import { audit } from './support/a11y';
import { launchBrowser, screenshots, type TestBrowser } from './support/browser';
import { addItem, cashierLogin, waitForText, watchErrors } from './support/page';
import { makeMember, makeShop, startServer, type Server, type Shop } from './support/shop';

/** Issue 16: a buyer of a company pays part of a sale with the company's store credit at the counter. */
describe('/cashier: paying with store credit', () => {
  let server: Server;
  let shop: Shop;
  let browser: TestBrowser;
  let errors: string[];
  let buyer: Awaited<ReturnType<typeof makeMember>>;
  let loner: Awaited<ReturnType<typeof makeMember>>;

  beforeAll(async () => {
    server = await startServer();
    const { t } = server;
    shop = await makeShop(t);
    const auth = shop.business.auth;
    await t.http().patch('/api/business').set(auth).send({ purchaseLimit: 1_000_000_000 }).expect(200);
    const company = await t
      .http()
      .post('/api/rebates/companies')
      .set(auth)
      .send({
        legalName: 'Office Park Ltd',
        taxId: 'GB123456',
        billingName: 'AP',
        billingEmail: 'ap@op.example',
      })
      .expect(201);
    buyer = await makeMember(t, shop.business, { firstName: 'Olga', lastName: 'Office' });
    loner = await makeMember(t, shop.business, { firstName: 'Lars', lastName: 'Alone' });
    await t
      .http()
      .post(`/api/rebates/companies/${company.body.id}/buyers`)
      .set(auth)
      .send({ memberId: buyer.id })
      .expect(201);
    const tomorrow = new Date(t.clock.now().getTime() + 86_400_000).toLocaleDateString('sv', {
      timeZone: 'Europe/Berlin',
    });
    const ag = await t
      .http()
      .post('/api/rebates/agreements')
      .set(auth)
      .send({
        name: 'Office volume',
        settings: {
          period: { kind: 'calendar_year' },
          basis: 'net_amount',
          payout: 'store_credit',
          assignment: { kind: 'company', companyId: company.body.id },
        },
        version: {
          effectiveFrom: tomorrow,
          terms: {
            mode: 'retroactive',
            scope: { kind: 'all' },
            brackets: [{ threshold: 0, value: { kind: 'rate', rateBp: 500 } }],
            minimumVolume: 0,
          },
        },
      })
      .expect(201);
    t.clock.advance(2 * 86_400_000);
    await t
      .http()
      .post('/api/pos/purchases')
      .set(auth)
      .send({ transactionId: 'office-1', member: { memberNumber: buyer.memberNumber }, total: 60_000 })
      .expect(201);
    // The worker's accrual, applied here directly: 5 % of 600.00 = 30.00, then settled into store credit.
    const pool = t.app.get(Db).pool;
    const consumer = t.app.get(RebateAccrualConsumer);
    const ids = await pool.query<{ id: string }>(
      `SELECT id::text FROM domain_events WHERE business_id = $1 AND type = ANY($2) ORDER BY id`,
      [shop.business.id, consumer.types],
    );
    for (const { id } of ids.rows) await consumeEvent(pool, consumer, shop.business.id, id);
    const s = await t
      .http()
      .post(`/api/rebates/agreements/${ag.body.id}/settlements`)
      .set(auth)
      .send({})
      .expect(201);
    expect(s.body.amount).toBe(3_000);
    browser = await launchBrowser({ noCamera: true });
    errors = watchErrors(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  async function open(memberNumber: string) {
    const { page } = browser;
    if (
      !(await page
        .locator('#counter-view')
        .isVisible()
        .catch(() => false))
    )
      await cashierLogin(page, server.url, shop.cashier.email, shop.cashier.password);
    if (await page.locator('#member-panel').isVisible()) await page.locator('#next-customer').click();
    await page.locator('[name=memberNumber]').fill(memberNumber);
    await page.getByRole('button', { name: 'Look up' }).click();
    await waitForText(page.locator('#member-number'), new RegExp(`^${memberNumber}$`));
  }

  it('a cashier sells, takes part of it from store credit, is refused beyond the balance, and gives it back', async () => {
    const { page } = browser;
    const message = page.getByTestId('message');
    const balance = page.getByTestId('store-credit-balance');
    await open(buyer.memberNumber);
    await waitForText(balance, /Office Park Ltd: .*30\.00 available/);

    // The sale: two cappuccinos (6.40), awarded; the store-credit payment is linked to its receipt.
    await addItem(page, 'CAPPUCCINO', 2);
    await page.locator('#award').click();
    const recorded = await waitForText(message, /Receipt code [0-9A-F]{8}/);
    const receipt = /Receipt code ([0-9A-F]{8})/.exec(recorded)![1];
    await waitForText(page.locator('#store-credit-hint'), new RegExp(`Linked to receipt ${receipt}`));

    // More than the balance is stopped on the page; nothing is sent.
    const amount = page.getByLabel('Amount from store credit');
    await amount.fill('31');
    await page.getByRole('button', { name: 'Pay with store credit' }).click();
    await waitForText(page.locator('#store-credit-hint'), /Only .*30\.00 of store credit is available/);

    await amount.fill('6.40');
    await page.getByRole('button', { name: 'Pay with store credit' }).click();
    await waitForText(message, /Paid .*6\.40 with store credit of Office Park Ltd: .*23\.60 left/);
    await waitForText(balance, /23\.60 available/);
    await waitForText(
      page.getByTestId('store-credit-payment'),
      new RegExp(`Paid .*6\\.40 with store credit \\(receipt ${receipt}\\)`),
    );
    expect(await audit(page)).toEqual([]);
    await screenshots(page, 'cashier-store-credit');

    // The server agrees.
    const server1 = await server.t
      .http()
      .get(`/api/store-credit?memberId=${buyer.id}`)
      .set(shop.cashier.auth)
      .expect(200);
    expect(server1.body.balance).toBe(2_360);

    // The customer changes their mind: give it back.
    await page.getByRole('button', { name: /Give back .*6\.40 of store credit/ }).click();
    await waitForText(message, /Gave back .*6\.40 of store credit: .*30\.00 available/);
    await waitForText(balance, /30\.00 available/);
    expect(await page.getByTestId('store-credit-payment').count()).toBe(0);
    const server2 = await server.t
      .http()
      .get(`/api/store-credit?memberId=${buyer.id}`)
      .set(shop.cashier.auth)
      .expect(200);
    expect(server2.body.balance).toBe(3_000);
  });

  it('a member who buys for no company sees no store-credit control', async () => {
    const { page } = browser;
    await open(loner.memberNumber);
    await page.waitForTimeout(300);
    expect(await page.locator('#store-credit').isVisible()).toBe(false);
    // Back to the buyer: the panel comes back with the balance.
    await open(buyer.memberNumber);
    await waitForText(page.getByTestId('store-credit-balance'), /30\.00 available/);
  });
});
