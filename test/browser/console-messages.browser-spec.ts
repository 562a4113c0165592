/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Pool } from 'pg';
import type { Page } from 'playwright-core';
import { DESKTOP, launchBrowser, PHONE, SCREENSHOTS, type TestBrowser } from './support/browser';
import { checkAndShoot } from './support/audit';
import { waitForText, watchErrors } from './support/page';
import { startServer, type Server } from './support/shop';
import { makeBusiness, makeMember, type TestBusiness } from '../support/factories';
import { publishRules, txn } from '../support/loyalty';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver';
import { consumeEvent } from '../../apps/api/src/events/consumer';
import { MessagingService } from '../../apps/api/src/messaging/messaging.service';
import { SurveyInvitationConsumer } from '../../apps/api/src/surveys/survey-invitation.consumer';

/**
 * What an owner does on the message and survey pages, in Chromium: a member answers
 * the survey from the e-mail link on a phone (a detractor with a comment); the owner
 * sees the NPS, the comment and the detractor on the call list; edits a template
 * (an unknown variable is refused next to the field), turns a trigger off and previews
 * with the member's data; changes quiet hours and the weekly limit; adds a webhook
 * endpoint, sees a failed delivery and replays it; reads the member's consent log.
 * Every page audited and photographed at phone and desktop size.
 */
describe('/admin message and survey pages', () => {
  let server: Server;
  let b: TestBusiness;
  let ownerEmail: string;
  let browser: TestBrowser;
  let errors: string[];
  let receiver: HttpReceiver;
  let pool: Pool;
  let member: Awaited<ReturnType<typeof makeMember>>;
  let surveyUrl: string;

  beforeAll(async () => {
    server = await startServer();
    const t = server.t;
    receiver = await startHttpReceiver();
    pool = new Pool({ connectionString: t.db.url, max: 2 });
    ownerEmail = `owner-${Date.now()}@messages.test`;
    b = await makeBusiness(t, { ownerEmail, name: 'Café Survey', timeZone: 'Europe/Berlin' });
    await publishRules(t, b);
    member = await makeMember(t, b, { firstName: 'Nora', lastName: 'Nolan', marketingConsent: true });
    await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({
        transactionId: txn(),
        member: { cardPayload: member.card.payload },
        total: 1250,
        locationId: b.locationId,
      })
      .expect(201);
    const consumer = t.app.get(SurveyInvitationConsumer);
    const events = await pool.query<{ id: string }>(
      `SELECT id::text FROM domain_events WHERE business_id = $1 AND type = 'purchase.recorded'`,
      [b.id],
    );
    for (const e of events.rows) await consumeEvent(pool, consumer, b.id, e.id);
    const msg = await pool.query<{ text: string }>(
      `SELECT text FROM messages WHERE business_id = $1 AND type = 'survey'`,
      [b.id],
    );
    surveyUrl = /(http\S+\/survey\/[A-Za-z0-9_-]{64})/.exec(msg.rows[0]!.text)![1]!;
    await t
      .http()
      .post(`/api/members/${member.id}/consents`)
      .set(b.auth)
      .send({
        channel: 'sms',
        purpose: 'marketing',
        given: false,
        source: 'counter',
        wording: 'No text messages, please',
      })
      .expect(201);

    browser = await launchBrowser({ viewport: PHONE, noCamera: true });
    errors = watchErrors(browser.page);
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await pool?.end();
    await receiver?.close();
    await server?.close();
  });

  afterEach(() => expect(errors).toEqual([]));

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Console' });

  it('a member answers the survey from the e-mail link on a phone, once', async () => {
    const { page } = browser;
    // The link points at PUBLIC_URL; the page is the same on the test server.
    const path = new URL(surveyUrl).pathname;
    await page.goto(`${server.url}${path}`);
    await page.getByRole('heading', { name: 'Hello Nora,' }).waitFor();
    await checkAndShoot(page, 'survey', { prefix: '' });
    await page.setViewportSize(PHONE);
    // Send without a score: the browser asks for one (required radio); nothing is written.
    await page.getByRole('button', { name: 'Send my answer' }).click();
    expect(await page.getByRole('heading', { name: 'Hello Nora,' }).isVisible()).toBe(true);
    await page.getByRole('radio', { name: '4', exact: true }).check();
    await page
      .getByLabel('Anything you would like to tell us? (optional)')
      .fill('The music was far too loud');
    await page.getByRole('button', { name: 'Send my answer' }).click();
    await page.getByRole('heading', { name: 'Thank you!' }).waitFor();
    expect(await page.getByText('Your answer: 4 of 10.').isVisible()).toBe(true);
    await page.goto(`${server.url}${path}`);
    await page.getByRole('heading', { name: /already answered/ }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'survey-answered-phone.png'), fullPage: true });
  });

  it('the owner reads the survey results: NPS, the comment, the detractor on the call list', async () => {
    const { page } = browser;
    await page.setViewportSize(DESKTOP);
    await page.goto(`${server.url}/admin`);
    await page.getByLabel('Email').fill(ownerEmail);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor();

    const api = (await server.t.http().get('/api/surveys/results').set(b.auth).expect(200)).body as {
      total: { nps: number; responses: number };
    };
    expect(api.total).toMatchObject({ nps: -100, responses: 1 });
    await nav(page).getByRole('link', { name: 'Survey results' }).click();
    await page.getByRole('heading', { name: 'Survey results', exact: true }).waitFor();
    await waitForText(page.getByTestId('nps-total').locator('.kpi-value'), /^−?-?100$/);
    await waitForText(page.getByTestId('answers'), /The music was far too loud/);
    const rows = page.getByTestId('nps-table').locator('tbody tr');
    expect(await rows.count()).toBe(1);
    const cells = (await rows.first().locator('td').allTextContents()).map((s) => s.trim());
    const locations = await server.t.http().get('/api/locations').set(b.auth).expect(200);
    const main = (locations.body.items as { id: string; name: string }[]).find((l) => l.id === b.locationId)!;
    expect(cells.slice(1)).toEqual([main.name, '1', '0', '0', '1', '-100']);
    await checkAndShoot(page, 'admin-surveys', { prefix: '' });

    // The call list reads the retention summaries, which the event consumers keep (the job queue,
    // not running in this test server): rebuild them as the consumer would have.
    await server.t.http().post('/api/retention/summaries/rebuild').set(b.auth).expect(200);
    await nav(page).getByRole('link', { name: 'Customers at risk' }).click();
    await waitForText(page.getByTestId('survey-flag'), /Survey 4\/10: “The music was far too loud”/);
  });

  it('edits a template, refuses an unknown variable, turns a trigger off and previews with the member', async () => {
    const { page } = browser;
    await nav(page).getByRole('link', { name: 'Message templates' }).click();
    await page.getByRole('heading', { name: 'Message templates', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Edit Thank you' }).click();
    const editor = page.getByRole('form', { name: 'Template Thank you' });
    await editor.getByLabel('Subject').fill('Thanks, {{firstName}} — see you soon at {{shopName}}');
    await editor.getByLabel('Text').fill('Hello {{firstName}}, you have {{points}} points. {{nope}}');
    await editor.getByRole('button', { name: 'Save template' }).click();
    const text = editor.getByLabel('Text');
    await waitForText(page.getByTestId('template-note'), /unknown variable \{\{nope\}\}/);
    expect(await text.getAttribute('aria-invalid')).toBe('true');
    await text.fill('Hello {{firstName}}, you have {{points}} points.');
    await editor.getByRole('button', { name: 'Save template' }).click();
    await waitForText(page.getByTestId('template-note'), /^Thank you saved\.$/);
    const saved = await server.t.http().get('/api/messages/templates/thank_you').set(b.auth).expect(200);
    expect(saved.body).toMatchObject({
      subject: 'Thanks, {{firstName}} — see you soon at {{shopName}}',
      text: 'Hello {{firstName}}, you have {{points}} points.',
      enabled: true,
      custom: true,
    });

    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByLabel('Find a member').fill('Nora');
    await preview.getByRole('button', { name: 'Find' }).click();
    await preview.getByRole('button', { name: 'Preview Thank you' }).click();
    await waitForText(page.getByTestId('preview-subject'), /^Thanks, Nora — see you soon at Café Survey$/);
    await waitForText(page.getByTestId('preview-text'), /Hello Nora, you have 12 points\./);
    // The HTML version, rendered in a sandboxed frame.
    await page.frameLocator('iframe[title="HTML version"]').getByText('Hello Nora,').waitFor();
    await checkAndShoot(page, 'admin-message-templates', { prefix: '' });

    await page.getByRole('button', { name: 'Edit Birthday' }).click();
    const birthday = page.getByRole('form', { name: 'Template Birthday' });
    await birthday.getByLabel('Send “Birthday” messages').uncheck();
    await birthday.getByRole('button', { name: 'Save template' }).click();
    await waitForText(page.getByTestId('template-note'), /^Birthday saved\.$/);
    const row = page.getByTestId('triggers-table').locator('tbody tr', { hasText: 'Birthday' });
    await waitForText(row, /Off/);
    expect((await server.t.http().get('/api/messages/templates/birthday').set(b.auth)).body.enabled).toBe(
      false,
    );
  });

  it('changes quiet hours and the weekly limit; adds a webhook endpoint; replays a failed delivery', async () => {
    const { page } = browser;
    await nav(page).getByRole('link', { name: 'Message settings' }).click();
    await page.getByRole('heading', { name: 'Message settings', exact: true }).waitFor();
    const form = page.getByRole('form', { name: 'Sending settings' });
    await form.getByLabel('Marketing messages per member per week').fill('200');
    await form.getByRole('button', { name: 'Save settings' }).click();
    const cap = form.getByLabel('Marketing messages per member per week');
    expect(await cap.getAttribute('aria-invalid')).toBe('true');
    await cap.fill('2');
    await form.getByLabel('Quiet from').fill('22:00');
    await form.getByLabel('Quiet until').fill('07:30');
    await form.getByLabel('Language of messages').selectOption('de');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await waitForText(page.getByTestId('settings-note'), /quiet hours 22:00-07:30/);
    expect((await server.t.http().get('/api/messages/settings').set(b.auth)).body).toMatchObject({
      language: 'de',
      quietHours: '22:00-07:30',
      weeklyCap: 2,
    });

    receiver.respond = () => 500;
    await page.getByLabel('Endpoint URL').fill(`${receiver.url}/hooks`);
    await page.getByLabel('Description').fill('Our CRM');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await waitForText(page.getByTestId('endpoint-secret'), /whsec_/);
    await waitForText(page.getByTestId('endpoints'), /Our CRM/);

    // A webhook message goes out and fails (the receiver answers 500).
    const messaging = server.t.app.get(MessagingService);
    await messaging.send({
      businessId: b.id,
      memberId: member.id,
      type: 'welcome',
      channel: 'webhook',
      idempotencyKey: `browser-webhook-${Date.now()}`,
      marketing: false,
    });
    await messaging.deliverDue();
    await messaging.deliverDue();
    expect(receiver.requests.length).toBeGreaterThanOrEqual(1);
    await page.getByRole('button', { name: 'Refresh' }).click();
    const deliveries = page.getByTestId('deliveries-table').locator('tbody tr');
    await waitForText(deliveries.first(), /Failed, will retry/);
    await deliveries
      .first()
      .getByRole('button', { name: /^Attempts of delivery/ })
      .click();
    await waitForText(page.getByTestId('delivery-attempts'), /HTTP 500/);

    receiver.respond = () => 204;
    await deliveries
      .first()
      .getByRole('button', { name: /^Replay delivery/ })
      .click();
    await waitForText(page.getByTestId('webhook-note'), /Delivery replayed/);
    await messaging.deliverDue();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await waitForText(deliveries.first(), /Delivered/);
    expect(receiver.requests.at(-1)!.headers['webhook-signature']).toMatch(/^v1,/);
    await checkAndShoot(page, 'admin-message-settings', { prefix: '' });
  });

  it("shows the member's consent log: what, when, from where, which wording", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/admin#/members/${member.id}`);
    await page.getByRole('heading', { name: 'Nora Nolan' }).waitFor();
    const log = page.getByTestId('consent-log');
    await waitForText(log, /Withdrawn: SMS, News and offers, at the counter/);
    expect(await log.textContent()).toContain('Wording shown: “No text messages, please”');
    await waitForText(page.getByTestId('consent-now'), /SMS, News and offers: not allowed/);
    await waitForText(page.getByTestId('consent-now'), /Email, News and offers: allowed/);
    await page.getByRole('region', { name: 'Consent' }).scrollIntoViewIfNeeded();
  });

  it('a customer answers with the code on the receipt; a wrong code is explained on the page', async () => {
    const { page } = browser;
    const other = await makeMember(server.t, b, { firstName: 'Otto', marketingConsent: false });
    const bought = await server.t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({
        transactionId: txn(),
        member: { cardPayload: other.card.payload },
        total: 800,
        locationId: b.locationId,
      })
      .expect(201);
    const code = (bought.body.purchase?.receiptCode ?? bought.body.receiptCode) as string;
    await page.setViewportSize(PHONE);
    await page.goto(`${server.url}/survey/at/${b.slug}`);
    // The settings test switched the messages to German: the page follows.
    await page.getByRole('heading', { name: 'Ihre Meinung' }).waitFor();
    await checkAndShoot(page, 'survey-receipt', { prefix: '' });
    await page.setViewportSize(PHONE);
    await page.getByLabel('Code auf dem Kassenbon').fill('00000000');
    await page.getByRole('radio', { name: '10', exact: true }).check();
    await page.getByRole('button', { name: 'Antwort senden' }).click();
    await waitForText(page.getByRole('alert'), /Diesen Code finden wir nicht/);
    // What was typed stays; the code is corrected and sent again.
    expect(await page.getByRole('radio', { name: '10', exact: true }).isChecked()).toBe(true);
    await page.getByLabel('Code auf dem Kassenbon').fill(code.toLowerCase());
    await page.getByRole('button', { name: 'Antwort senden' }).click();
    await page.getByRole('heading', { name: 'Vielen Dank!' }).waitFor();
    const r = await server.t.http().get('/api/surveys/responses').set(b.auth).expect(200);
    expect(r.body.items.filter((x: { memberId: string }) => x.memberId === other.id)).toEqual([
      expect.objectContaining({ score: 10, source: 'receipt', comment: null }),
    ]);
  });
});
