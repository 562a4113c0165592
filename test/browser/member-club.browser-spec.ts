import { launchBrowser, PHONE, screenshots, type TestBrowser } from './support/browser';
import { audit } from './support/audit';
import { waitForText, watchErrors } from './support/page';
import { makeShop, startServer, type Server, type Shop } from './support/shop';
import { joinMember } from '../support/factories';

const WORDING = 'I want to join the Insiders and get their offers by email.';

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
    { id: 'gold', name: 'Gold', reach: 30000, keep: 25000 },
  ],
};

/**
 * A member on /me: sees a Gold-only reward locked with the reason, joins the
 * open club by agreeing to the wording shown (recorded with where: the app),
 * then, in an invitation-only club's shop, accepts an invitation from its link.
 */
describe('/me: the club and locked rewards', () => {
  let server: Server;
  let shop: Shop;
  let browser: TestBrowser;
  let errors: string[];
  const password = 'member password 1';

  beforeAll(async () => {
    server = await startServer();
    shop = await makeShop(server.t);
    const t = server.t;
    const gold = await t
      .http()
      .post('/api/rewards')
      .set(shop.business.auth)
      .send({
        name: 'Gold cake',
        cost: { kind: 'points', points: 1 },
        benefit: { kind: 'amount_off', amount: 450 },
      });
    expect(gold.status).toBe(201);
    const program = {
      ...PROGRAM,
      tiers: [PROGRAM.tiers[0], { ...PROGRAM.tiers[1], benefits: { rewardIds: [gold.body.id] } }],
    };
    await t.http().put('/api/tiers/program').set(shop.business.auth).send({ program }).expect(200);
    await t
      .http()
      .put('/api/club')
      .set(shop.business.auth)
      .send({
        name: 'Insiders',
        access: { kind: 'open' },
        consentWording: WORDING,
        benefits: { multiplierBp: 11000, birthdayBonusPoints: 20 },
      })
      .expect(200);
    browser = await launchBrowser({ viewport: PHONE, noCamera: true });
    errors = watchErrors(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(() => expect(errors).toEqual([]));

  async function logIn(slug: string, email: string) {
    const { page } = browser;
    await page.goto(`${server.url}/me?business=${slug}`);
    const login = page.locator('#login-form');
    await login.locator('[name=email]').fill(email);
    await login.locator('[name=password]').fill(password);
    await login.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('member-name').waitFor();
  }

  it('shows the Gold-only reward locked, and joins the open club with the consent wording', async () => {
    const email = `mia-${Date.now()}@club.test`;
    const joined = await joinMember(server.t, shop.business.slug, { firstName: 'Mia', email, password });
    await logIn(shop.business.slug, email);
    const { page } = browser;
    const cake = page.locator('[data-reward-id]', { hasText: 'Gold cake' });
    await waitForText(cake.getByTestId('reward-progress'), /^Locked: For Gold members$/);
    const club = page.locator('#club-section');
    await waitForText(club.getByRole('heading'), /Insiders/);
    await waitForText(club.getByTestId('club-status'), /10 % more points, 20 points on your birthday/);
    // Joining without ticking the box is refused on the page.
    await club.getByRole('button', { name: 'Join Insiders' }).click();
    await waitForText(page.locator('#message'), /Tick the box/);
    await club.getByLabel(WORDING).check();
    expect({ problems: await audit(page) }).toEqual({ problems: [] });
    await screenshots(page, 'me-club-join');
    await club.getByRole('button', { name: 'Join Insiders' }).click();
    await waitForText(club.getByTestId('club-status'), /You are a member of Insiders/);
    const staff = await server.t
      .http()
      .get(`/api/members/${joined.member.id}/club`)
      .set(shop.business.auth)
      .expect(200);
    expect(staff.body).toMatchObject({ active: true, consent: { wording: WORDING, source: 'app' } });
    expect({ problems: await audit(page) }).toEqual({ problems: [] });
    await screenshots(page, 'me-club-member');
  });

  it('accepts an invitation from its link', async () => {
    const other = await makeShop(server.t);
    await server.t
      .http()
      .put('/api/club')
      .set(other.business.auth)
      .send({ name: 'Founders', access: { kind: 'invitation', inviteValidDays: 7 } })
      .expect(200);
    const email = `ian-${Date.now()}@club.test`;
    const joined = await joinMember(server.t, other.business.slug, { firstName: 'Ian', email, password });
    const inv = await server.t
      .http()
      .post(`/api/members/${joined.member.id}/club/invitations`)
      .set(other.business.auth)
      .expect(201);
    const { page } = browser;
    await page.goto(`${server.url}/me?business=${other.business.slug}`);
    await page
      .getByRole('button', { name: 'Log out' })
      .click()
      .catch(() => undefined);
    await page.goto(`${server.url}${inv.body.link}&business=${other.business.slug}`);
    const login = page.locator('#login-form');
    await login.locator('[name=email]').fill(email);
    await login.locator('[name=password]').fill(password);
    await login.getByRole('button', { name: 'Log in' }).click();
    const club = page.locator('#club-section');
    await waitForText(club.getByText(/You are invited/), /valid until/);
    expect(await club.getByLabel('Invitation code').inputValue()).toBe(inv.body.code);
    expect({ problems: await audit(page) }).toEqual({ problems: [] });
    await screenshots(page, 'me-club-invitation');
    await club.getByRole('button', { name: 'Accept invitation' }).click();
    await waitForText(club.getByTestId('club-status'), /You are a member of Founders/);
    const staff = await server.t
      .http()
      .get(`/api/members/${joined.member.id}/club`)
      .set(other.business.auth)
      .expect(200);
    expect(staff.body).toMatchObject({ status: 'active' });
  });
});
