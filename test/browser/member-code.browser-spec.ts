import { audit } from './support/a11y';
import { launchBrowser, PHONE, screenshots, SCREENSHOTS, type TestBrowser } from './support/browser';
import { waitForText, watchErrors } from './support/page';
import { makeMember, makeShop, startServer, type Server, type Shop } from './support/shop';
import { captureSignInCodes } from '../support/factories';

/** Issue 13: a member without a password (enrolled at the counter) signs in on /me with an emailed code. */
describe('/me sign-in by a one-time code', () => {
  let server: Server;
  let shop: Shop;
  let browser: TestBrowser;
  let errors: string[];
  let inbox: ReturnType<typeof captureSignInCodes>;
  let member: Awaited<ReturnType<typeof makeMember>>;

  beforeAll(async () => {
    server = await startServer();
    shop = await makeShop(server.t);
    // Enrolled at the counter: an email, no password.
    member = await makeMember(server.t, shop.business, {
      firstName: 'Colm',
      lastName: 'Counter',
      email: 'colm@example.test',
    });
    inbox = captureSignInCodes(server.t);
    browser = await launchBrowser({ viewport: PHONE, noCamera: true });
    errors = watchErrors(browser.page);
  });

  afterAll(async () => {
    inbox?.restore();
    await browser?.close();
    await server?.close();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  it('sends a code, says so next to the field when it is wrong, and signs in with the right one', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/me?business=${shop.business.slug}`);
    const login = page.locator('#login-form');
    await login.locator('[name=email]').fill(member.email);
    await screenshots(page, 'me-code-login');
    expect(await audit(page)).toEqual([]);
    await login.getByRole('button', { name: 'Email me a sign-in code' }).click();
    const codeForm = page.locator('#code-form');
    await codeForm.waitFor({ state: 'visible' });
    await waitForText(page.getByTestId('code-sent-to'), /colm@example\.test.*15 minutes/);
    expect(await login.isVisible()).toBe(false);
    const code = inbox.codeFor(member.email);
    expect(code).toMatch(/^\d{6}$/);
    expect(await audit(page)).toEqual([]);

    // A wrong code: the sentence shows under the field, and the field is marked invalid.
    const field = codeForm.getByLabel('Sign-in code (6 digits)');
    await field.fill(code === '000000' ? '111111' : '000000');
    await codeForm.getByRole('button', { name: 'Sign in', exact: true }).click();
    await waitForText(page.getByTestId('code-error'), /^That code is wrong or has expired .*Send a new code/);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#me-view').isVisible()).toBe(false);
    await screenshots(page, 'me-code-wrong');
    expect(await audit(page)).toEqual([]);

    // The right code: the card, and this phone kept signed in like after a password login.
    await field.fill(code!);
    await codeForm.getByRole('button', { name: 'Sign in', exact: true }).click();
    await waitForText(page.getByTestId('member-name'), /Colm Counter/);
    await page.waitForFunction('document.getElementById("qr").naturalWidth > 0');
    expect(await page.locator('#me-number').textContent()).toBe(member.memberNumber);
    const saved = JSON.parse(
      (await page.evaluate('localStorage.getItem("regulars.member.session")')) as string,
    ) as { token: string; refreshToken?: string; business: string };
    expect(saved.business).toBe(shop.business.slug);
    expect(saved.refreshToken).toMatch(/\./);
    await waitForText(page.getByTestId('devices'), /This phone/);
    const refreshed = await server.t
      .http()
      .post('/api/auth/member/refresh')
      .send({ refreshToken: saved.refreshToken });
    expect(refreshed.status).toBe(200);
    await screenshots(page, 'me-code-signed-in');
    expect(await audit(page)).toEqual([]);
  });

  it('corrects the name and records the birthday once in "Your details"', async () => {
    const { page } = browser;
    const form = page.locator('#profile-form');
    await form.getByLabel('Last name').fill('Ó Countair');
    await form.getByLabel('Birthday').fill('1988-11-03');
    await waitForText(page.getByTestId('birthday-hint'), /Once saved, only the shop can change it/);
    await form.getByRole('button', { name: 'Save my details' }).click();
    await waitForText(page.getByTestId('message'), /^Saved: your details\.$/);
    await waitForText(page.getByTestId('member-name'), /Colm Ó Countair/);
    await waitForText(page.getByTestId('birthday-hint'), /Recorded\. To correct it, ask at the counter\./);
    expect(await form.getByLabel('Birthday').isDisabled()).toBe(true);
    const stored = await server.t.http().get(`/api/members/${member.id}`).set(shop.business.auth);
    expect(stored.body).toMatchObject({ firstName: 'Colm', lastName: 'Ó Countair', birthday: '1988-11-03' });
    await page.locator('#profile').screenshot({ path: `${SCREENSHOTS}/me-profile-phone.png` });
    expect(await audit(page)).toEqual([]);
  });

  it('refuses the spent code after logging out, with its sentence', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Log out' }).click();
    const login = page.locator('#login-form');
    await login.waitFor({ state: 'visible' });
    await login.locator('[name=email]').fill(member.email);
    const before = inbox.sent.length;
    await login.getByRole('button', { name: 'Email me a sign-in code' }).click();
    await waitForText(page.getByTestId('code-sent-to'), /colm@example\.test/);
    expect(inbox.sent.length).toBe(before + 1);
    const spent = inbox.sent[before - 1].code;
    const fresh = inbox.codeFor(member.email)!;
    const codeForm = page.locator('#code-form');
    await codeForm.getByLabel('Sign-in code (6 digits)').fill(spent === fresh ? '999999' : spent);
    await codeForm.getByRole('button', { name: 'Sign in', exact: true }).click();
    await waitForText(page.getByTestId('code-error'), /^That code is wrong or has expired/);
    // Back to the password form.
    await codeForm.getByRole('button', { name: 'Use my password instead' }).click();
    await login.waitFor({ state: 'visible' });
    expect(await codeForm.isVisible()).toBe(false);
  });
});
