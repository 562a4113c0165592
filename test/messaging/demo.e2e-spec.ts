import { createTestApp, TestApp } from '../support/app';
import { AppConfig } from '../../apps/api/src/config/config';
import { DEMO, seedDemoIfEmpty } from '../../apps/api/src/demo/seed';

/**
 * The demo café (npm start on an empty database, no SMTP_URL): every trigger
 * on, and the development mailbox shows the messages of the demo's story
 * (welcome, birthday, points expiring, win-back), sent by the real triggers.
 */
describe('demo messages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-11-30T22:30:00Z' }); // 23:30 in Berlin: quiet hours are off in the demo
  });
  afterAll(async () => t.close());

  it('the development mailbox shows welcome, birthday, points expiring and win-back; every template is on', async () => {
    const said: string[] = [];
    await seedDemoIfEmpty(t.app, t.app.get(AppConfig), (l) => said.push(l));
    expect(said).toContain(
      'demo messages: 4 messages in the development mailbox (welcome, birthday 1, points expiring 1, win-back 1)',
    );
    const login = await t
      .http()
      .post('/api/auth/staff/login')
      .send({ email: DEMO.owner.email, password: DEMO.owner.password })
      .expect(200);
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };
    const box = await t.http().get('/api/messages/dev-mailbox').set(auth).expect(200);
    expect(box.body.transport.email).toBe('dev-mailbox');
    const subjects = (box.body.items as { subject: string; to: string }[])
      .map((m) => `${m.to}: ${m.subject}`)
      .sort();
    expect(subjects).toEqual(
      [
        'ana@example.test: Happy birthday, Ana!',
        'jonas@example.test: We miss you at Demo Café',
        'jonas@example.test: Welcome to Demo Café',
        'jonas@example.test: Your points expire on December 10, 2026',
      ].sort(),
    );
    const expiring = (box.body.items as { subject: string; text: string }[]).find((m) =>
      m.subject.startsWith('Your points'),
    )!;
    expect(expiring.text).toContain('40 of your points at Demo Café expire on December 10, 2026.');
    const templates = await t.http().get('/api/messages/templates').set(auth).expect(200);
    expect(templates.body.items.every((x: { enabled: boolean }) => x.enabled)).toBe(true);
  });
});
