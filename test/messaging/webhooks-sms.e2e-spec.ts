import { createHmac, randomUUID } from 'node:crypto';
import { MessagingService, SendRequest } from '../../apps/api/src/messaging/messaging.service';
import { createTestApp, TestApp } from '../support/app';
import { makeBusiness, makeMember, TestBusiness } from '../support/factories';
import { HttpReceiver, ReceivedRequest, startHttpReceiver } from '../support/http-receiver';

/** Verifies a Standard Webhooks signature by hand (node:crypto), independently of the library that signed it. */
function verifySignature(secret: string, r: ReceivedRequest): boolean {
  const id = String(r.headers['webhook-id']);
  const ts = String(r.headers['webhook-timestamp']);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${ts}.${r.body}`).digest('base64');
  return String(r.headers['webhook-signature'])
    .split(' ')
    .some((s) => s === `v1,${expected}`);
}

describe('messaging: webhooks and the SMS gateway', () => {
  let t: TestApp;
  let hooks: HttpReceiver;
  let gateway: HttpReceiver;
  let b: TestBusiness;
  let messaging: MessagingService;

  beforeAll(async () => {
    hooks = await startHttpReceiver();
    gateway = await startHttpReceiver();
    t = await createTestApp({
      env: {
        MESSAGING_MAX_ATTEMPTS: '3',
        SMS_GATEWAY_URL: `${gateway.url}/sms/send?to={to}`,
        SMS_GATEWAY_HEADERS: '{"Authorization":"Bearer gw-key"}',
        SMS_GATEWAY_BODY: '{"to":"{to}","message":"{text}"}',
      },
      clockStart: '2026-03-02T10:00:00Z',
    });
    messaging = t.app.get(MessagingService);
    b = await makeBusiness(t);
  });
  afterAll(async () => {
    await t.close();
    await hooks.close();
    await gateway.close();
  });
  beforeEach(() => {
    hooks.requests.length = 0;
    gateway.requests.length = 0;
    hooks.respond = () => 200;
    gateway.respond = () => 200;
  });

  const req = (memberId: string, over: Partial<SendRequest> = {}): SendRequest => ({
    businessId: b.id,
    memberId,
    type: 'reward_unlocked',
    channel: 'webhook',
    variables: { reward: 'Free coffee' },
    idempotencyKey: `k-${randomUUID()}`,
    marketing: false,
    ...over,
  });

  it('registers endpoints (secret shown once), signs deliveries per Standard Webhooks, retries, dead-letters and replays', async () => {
    const created = await t
      .http()
      .post('/api/webhooks/endpoints')
      .set(b.auth)
      .send({ url: `${hooks.url}/regulars`, description: 'CRM' })
      .expect(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const secret = created.body.secret as string;
    const list = await t.http().get('/api/webhooks/endpoints').set(b.auth).expect(200);
    expect(list.body.items).toEqual([
      {
        id: created.body.id,
        url: `${hooks.url}/regulars`,
        description: 'CRM',
        createdAt: '2026-03-02T10:00:00.000Z',
      },
    ]);
    expect(JSON.stringify(list.body)).not.toContain(secret);

    const m = await makeMember(t, b, { firstName: 'Ole' });
    const msg = await messaging.send(req(m.id));
    expect(await messaging.deliverDue()).toMatchObject({ sent: 1, webhooksSent: 1 });
    expect(hooks.requests).toHaveLength(1);
    const r = hooks.requests[0];
    expect(r.url).toBe('/regulars');
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['webhook-timestamp']).toBe(String(Date.parse('2026-03-02T10:00:00Z') / 1000));
    expect(verifySignature(secret, r)).toBe(true);
    expect(verifySignature(secret, { ...r, body: r.body.replace('Ole', 'Eve') })).toBe(false);
    const body = JSON.parse(r.body);
    expect(body).toMatchObject({
      type: 'message.reward_unlocked',
      data: { messageId: msg.id, memberId: m.id, subject: 'A reward is waiting for you: Free coffee' },
    });
    const deliveryId = String(r.headers['webhook-id']);

    // The receiver fails: retried with back-off (30 s, 60 s), dead after 3 attempts, the same webhook-id each time.
    hooks.respond = () => 503;
    t.clock.advance(1000);
    const second = await messaging.send(req(m.id, { type: 'tier_reached', variables: { tier: 'Gold' } }));
    expect(await messaging.deliverDue()).toMatchObject({ webhooksFailed: 1 });
    expect(await messaging.deliverDue()).toMatchObject({ webhooksFailed: 0 });
    t.clock.advance(30_000);
    expect(await messaging.deliverDue()).toMatchObject({ webhooksFailed: 1 });
    t.clock.advance(60_000);
    expect(await messaging.deliverDue()).toMatchObject({ webhooksDead: 1 });
    t.clock.advance(3600_000);
    expect(await messaging.deliverDue()).toMatchObject({ webhooksFailed: 0, webhooksDead: 0 });
    expect(hooks.requests).toHaveLength(4);
    const failedIds = new Set(hooks.requests.slice(1).map((x) => x.headers['webhook-id']));
    expect(failedIds.size).toBe(1);
    for (const x of hooks.requests) expect(verifySignature(secret, x)).toBe(true);
    const deadId = [...failedIds][0] as string;
    expect(deadId).not.toBe(deliveryId);

    const log = await t.http().get('/api/webhooks/deliveries').set(b.auth).expect(200);
    expect(log.body.items.map((d: { id: string; status: string }) => [d.id, d.status])).toEqual([
      [deadId, 'dead'],
      [deliveryId, 'sent'],
    ]);
    const dead = await t.http().get(`/api/webhooks/deliveries/${deadId}`).set(b.auth).expect(200);
    expect(dead.body).toMatchObject({
      messageId: second.id,
      status: 'dead',
      attempts: 3,
      lastStatusCode: 503,
    });
    expect(dead.body.log.map((a: { statusCode: number }) => a.statusCode)).toEqual([503, 503, 503]);
    expect(dead.body.log.map((a: { attemptedAt: string }) => a.attemptedAt)).toEqual([
      '2026-03-02T10:00:01.000Z',
      '2026-03-02T10:00:31.000Z',
      '2026-03-02T10:01:31.000Z',
    ]);

    // Replay after the receiver is fixed: the same id and body, now delivered.
    hooks.respond = () => 204;
    const replayed = await t.http().post(`/api/webhooks/deliveries/${deadId}/replay`).set(b.auth).expect(200);
    expect(replayed.body).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await messaging.deliverDue()).toMatchObject({ webhooksSent: 1 });
    const last = hooks.requests[hooks.requests.length - 1];
    expect(last.headers['webhook-id']).toBe(deadId);
    expect(last.body).toBe(hooks.requests[1].body);
    expect(verifySignature(secret, last)).toBe(true);
    const after = await t.http().get(`/api/webhooks/deliveries/${deadId}`).set(b.auth).expect(200);
    expect(after.body).toMatchObject({ status: 'sent', lastStatusCode: 204 });
    expect(after.body.log).toHaveLength(4);

    // Deleted: no more deliveries, the log stays, replay refused.
    await t.http().delete(`/api/webhooks/endpoints/${created.body.id}`).set(b.auth).expect(204);
    expect((await t.http().get('/api/webhooks/endpoints').set(b.auth)).body.items).toEqual([]);
    const none = await messaging.send(req(m.id, { type: 'birthday' }));
    await messaging.deliverDue();
    expect(await messaging.message(b.id, none.id)).toMatchObject({
      status: 'suppressed',
      suppressedReason: 'no_endpoint',
    });
    expect((await t.http().post(`/api/webhooks/deliveries/${deadId}/replay`).set(b.auth)).status).toBe(409);
    expect((await t.http().get('/api/webhooks/deliveries').set(b.auth)).body.items).toHaveLength(2);
  });

  it('a receiver that does not answer counts as a failed attempt', async () => {
    const c = await makeBusiness(t);
    await t
      .http()
      .post('/api/webhooks/endpoints')
      .set(c.auth)
      .send({ url: 'http://127.0.0.1:9/closed' })
      .expect(201);
    const m = await makeMember(t, c);
    await messaging.send({ ...req(m.id), businessId: c.id });
    expect(await messaging.deliverDue()).toMatchObject({ webhooksFailed: 1 });
    const log = await t.http().get('/api/webhooks/deliveries').set(c.auth).expect(200);
    expect(log.body.items[0]).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: null });
    expect(log.body.items[0].lastError).toEqual(expect.any(String));
  });

  it('sends SMS through the generic HTTP gateway, retrying a 5xx and dead-lettering a 4xx', async () => {
    const m = await makeMember(t, b, { phone: '+49 151 2345678' });
    const sms = await messaging.send(
      req(m.id, {
        channel: 'sms',
        type: 'points_expiring',
        variables: { points: 80, expiryDate: '2026-04-30' },
      }),
    );
    expect(sms).toMatchObject({ status: 'queued', recipient: '+491512345678' });
    gateway.respond = () => 502;
    expect(await messaging.deliverDue()).toMatchObject({ failed: 1 });
    gateway.respond = () => 200;
    t.clock.advance(30_000);
    expect(await messaging.deliverDue()).toMatchObject({ sent: 1 });
    expect(gateway.requests).toHaveLength(2);
    const g = gateway.requests[1];
    expect(g.method).toBe('POST');
    expect(g.url).toBe('/sms/send?to=%2B491512345678');
    expect(g.headers.authorization).toBe('Bearer gw-key');
    expect(g.headers['content-type']).toBe('application/json');
    expect(g.headers['idempotency-key']).toBe(sms.id);
    const body = JSON.parse(g.body);
    expect(body.to).toBe('+491512345678');
    expect(body.message).toContain('80 of your points');
    expect(body.message).toContain('April 30, 2026');

    gateway.respond = () => 400;
    const bad = await messaging.send(req(m.id, { channel: 'sms', type: 'welcome' }));
    expect(await messaging.deliverDue()).toMatchObject({ dead: 1 });
    expect(await messaging.message(b.id, bad.id)).toMatchObject({
      status: 'dead',
      attempts: 1,
      lastError: 'SMS gateway answered 400',
    });

    // No phone number: nothing to send.
    const nophone = await makeMember(t, b);
    expect(await messaging.send(req(nophone.id, { channel: 'sms' }))).toMatchObject({
      status: 'suppressed',
      suppressedReason: 'no_address',
    });
  });
});
