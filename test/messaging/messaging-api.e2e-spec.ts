import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { MessagingService, SendRequest } from '../../apps/api/src/messaging/messaging.service';
import { MessagingRepository } from '../../apps/api/src/messaging/messaging.repository';
import { Ledger } from '@regulars/ledger';
import { badBodies, ERROR_BODY, snapshot as snapshotOf } from '../support/bad-input';
import { createTestApp, TestApp } from '../support/app';
import {
  joinMember,
  makeBusiness,
  makeMember,
  makePosKey,
  makeStaff,
  TestBusiness,
} from '../support/factories';

/**
 * The messaging API: settings, templates and preview, the development
 * mailbox (no SMTP_URL: nothing leaves the machine), bad input on every new
 * endpoint (400, nothing written) and another business's credentials (404).
 */
describe('messaging API', () => {
  let t: TestApp;
  let a: TestBusiness;
  let b: TestBusiness;
  let messaging: MessagingService;
  let pg: Client;
  let memberA: Awaited<ReturnType<typeof makeMember>>;
  let messageA: string;
  let endpointA: string;
  let deliveryA: string;

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-03-02T10:00:00Z' });
    messaging = t.app.get(MessagingService);
    a = await makeBusiness(t);
    b = await makeBusiness(t);
    memberA = await makeMember(t, a, { firstName: 'Zoë <i>', marketingConsent: true });
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    // A message, an endpoint (never reachable) and a delivery of business A.
    endpointA = (
      await t
        .http()
        .post('/api/webhooks/endpoints')
        .set(a.auth)
        .send({ url: 'http://127.0.0.1:9/a' })
        .expect(201)
    ).body.id;
    messageA = (await messaging.send(req(a, memberA.id, { channel: 'webhook' }))).id;
    await messaging.deliverDue();
    deliveryA = (await t.http().get('/api/webhooks/deliveries').set(a.auth).expect(200)).body.items[0].id;
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  const req = (biz: TestBusiness, memberId: string, over: Partial<SendRequest> = {}): SendRequest => ({
    businessId: biz.id,
    memberId,
    type: 'welcome',
    channel: 'email',
    variables: {},
    idempotencyKey: `k-${randomUUID()}`,
    marketing: false,
    ...over,
  });

  it('without SMTP_URL e-mail lands in the development mailbox, once even when resent', async () => {
    const c = await makeBusiness(t);
    const m = await makeMember(t, c, { firstName: 'Dev' });
    const msg = await messaging.send(req(c, m.id));
    // A worker claims it and dies; after the lease the message is sent again.
    const repo = t.app.get(MessagingRepository);
    await repo.claimDueMessages(t.clock.now(), t.clock.now(), 50);
    await repo.devMailboxPut(c.id, {
      messageId: msg.id,
      channel: 'email',
      recipient: m.email,
      subject: msg.subject,
      text: msg.text,
      html: msg.html,
      headers: {},
      deliveredAt: t.clock.now(),
    });
    t.clock.advance(1000);
    expect(await messaging.deliverDue()).toMatchObject({ sent: 1 });
    const box = await t.http().get('/api/messages/dev-mailbox').set(c.auth).expect(200);
    expect(box.body.transport).toEqual({ email: 'dev-mailbox', sms: 'dev-mailbox' });
    expect(box.body.items).toHaveLength(1);
    expect(box.body.items[0]).toMatchObject({
      messageId: msg.id,
      to: m.email,
      subject: expect.stringMatching(/^Welcome to Café /),
    });
    const outbox = await t.http().get('/api/messages').query({ memberId: m.id }).set(c.auth).expect(200);
    expect(
      outbox.body.items.map((x: { id: string; status: string; attempts: number }) => [
        x.id,
        x.status,
        x.attempts,
      ]),
    ).toEqual([[msg.id, 'sent', 2]]);
    const manager = await makeStaff(t, c, 'manager');
    expect((await t.http().get('/api/messages/dev-mailbox').set(manager.auth)).status).toBe(200);
    const cashier = await makeStaff(t, c, 'cashier');
    expect((await t.http().get('/api/messages/dev-mailbox').set(cashier.auth)).status).toBe(403);
  });

  it('dev mailbox keeps the rendered message with its headers', async () => {
    const c = await makeBusiness(t, { name: 'Bäckerei Kim' });
    const m = await makeMember(t, c, { firstName: 'Kim', marketingConsent: true });
    await messaging.send(req(c, m.id, { type: 'win_back', marketing: true, variables: { points: 70 } }));
    await messaging.deliverDue();
    const box = await t.http().get('/api/messages/dev-mailbox').set(c.auth).expect(200);
    const mail = box.body.items[0];
    expect(mail.subject).toBe('We miss you at Bäckerei Kim');
    expect(mail.text).toContain('Your 70 points are waiting');
    expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.headers['List-Unsubscribe']).toMatch(/^<http:\/\/.+\/api\/unsubscribe\/[A-Za-z0-9_-]{66}>$/);
    expect(mail.headers['Message-ID']).toMatch(/^<[0-9a-f]{40}@regulars\.localhost>$/);
  });

  it('settings: language, quiet hours and weekly cap', async () => {
    const c = await makeBusiness(t);
    expect((await t.http().get('/api/messages/settings').set(c.auth).expect(200)).body).toEqual({
      language: 'en',
      quietHours: '21:00-08:00',
      weeklyCap: 3,
      sender: expect.stringContaining('@'),
    });
    const r = await t
      .http()
      .patch('/api/messages/settings')
      .set(c.auth)
      .send({ language: 'de', quietHours: 'off', weeklyCap: 5 })
      .expect(200);
    expect(r.body).toEqual({
      language: 'de',
      quietHours: 'off',
      weeklyCap: 5,
      sender: expect.stringContaining('@'),
    });
    expect((await t.http().get('/api/messages/settings').set(c.auth)).body).toEqual(r.body);
    // German defaults, money and dates in German.
    const tpl = await t.http().get('/api/messages/templates/points_expiring').set(c.auth).expect(200);
    expect(tpl.body).toMatchObject({
      type: 'points_expiring',
      custom: false,
      enabled: true,
      subject: 'Ihre Punkte verfallen am {{expiryDate}}',
    });
    const m = await makeMember(t, c);
    const p = await t
      .http()
      .post('/api/messages/templates/tier_at_risk/preview')
      .set(c.auth)
      .send({ memberId: m.id, variables: { amount: 1250, tier: 'Gold', expiryDate: '2026-12-31' } })
      .expect(200);
    expect(p.body.text).toContain('mit 12,50\u00a0€ weiteren Einkäufen');
    expect(p.body.text).toContain('bis 31. Dezember 2026');
  });

  it('templates: read, change, turn off; preview with a real member writes nothing', async () => {
    const c = await makeBusiness(t);
    const m = await makeMember(t, c, { firstName: 'Lu <script>', marketingConsent: true });
    const all = await t.http().get('/api/messages/templates').set(c.auth).expect(200);
    expect(all.body.items.map((x: { type: string }) => x.type)).toEqual([
      'welcome',
      'thank_you',
      'reward_unlocked',
      'points_expiring',
      'birthday',
      'tier_reached',
      'tier_at_risk',
      'rebate_within_reach',
      'win_back',
      'survey',
    ]);
    const changed = await t
      .http()
      .patch('/api/messages/templates/welcome')
      .set(c.auth)
      .send({
        subject: 'Hi {{firstName}}, welcome to {{ shopName }}',
        html: '<h1>Hi {{firstName}}</h1><p>{{points}} points</p>',
      })
      .expect(200);
    expect(changed.body).toMatchObject({ type: 'welcome', custom: true, enabled: true });
    expect(changed.body.text).toContain('welcome to the loyalty programme'); // unchanged part kept

    await t.app.get(Ledger).earn({
      businessId: c.id,
      idempotencyKey: `test-earn-${m.id}`,
      at: t.clock.now(),
      account: { unit: 'points', ownerType: 'member', ownerId: m.id },
      amount: 1234,
    });
    const before = await snapshotOf(pg);
    const p = await t
      .http()
      .post('/api/messages/templates/welcome/preview')
      .set(c.auth)
      .send({ memberId: m.id, marketing: true })
      .expect(200);
    expect(await snapshotOf(pg)).toEqual(before);
    expect(p.body.to).toBe(m.email);
    expect(p.body.subject).toMatch(/^Hi Lu <script>, welcome to Café /);
    expect(p.body.html).toContain('<h1>Hi Lu &lt;script&gt;</h1><p>1,234 points</p>');
    expect(p.body.html).toContain('/api/unsubscribe/');

    const sent = await messaging.send(req(c, m.id));
    expect(sent.subject).toBe(p.body.subject);

    await t.http().patch('/api/messages/templates/birthday').set(c.auth).send({ enabled: false }).expect(200);
    expect(await messaging.send(req(c, m.id, { type: 'birthday', marketing: true }))).toMatchObject({
      status: 'suppressed',
      suppressedReason: 'template_disabled',
    });
  });

  it('members read and change their own consents (source "me"); marketing follows them', async () => {
    const c = await makeBusiness(t);
    const me = await joinMember(t, c.slug, { firstName: 'Pia', email: `pia-${randomUUID()}@example.test` });
    const first = await t.http().get('/api/me/consents').set(me.auth).expect(200);
    expect(first.body.log).toEqual([]);
    expect(first.body.current).toContainEqual({ channel: 'email', purpose: 'marketing', allowed: false });
    expect(first.body.current).toContainEqual({ channel: 'email', purpose: 'service', allowed: true });
    expect(await messaging.send(req(c, me.member.id, { type: 'win_back', marketing: true }))).toMatchObject({
      status: 'suppressed',
      suppressedReason: 'no_consent',
    });
    t.clock.advance(1000);
    const given = await t
      .http()
      .post('/api/me/consents')
      .set(me.auth)
      .send({ channel: 'email', purpose: 'marketing', given: true, wording: 'Yes, send me offers by e-mail' })
      .expect(201);
    expect(given.body).toMatchObject({
      channel: 'email',
      purpose: 'marketing',
      given: true,
      source: 'me',
      actor: 'member',
    });
    expect((await messaging.send(req(c, me.member.id, { type: 'win_back', marketing: true }))).status).toBe(
      'queued',
    );
    // Staff see the same log.
    const staffView = await t.http().get(`/api/members/${me.member.id}/consents`).set(c.auth).expect(200);
    expect(staffView.body.log).toEqual([given.body]);
    // Staff routes are not for members, nor the member routes for staff.
    expect((await t.http().get(`/api/members/${me.member.id}/consents`).set(me.auth)).status).toBe(403);
    expect((await t.http().get('/api/me/consents').set(c.auth)).status).toBe(403);
  });

  describe('bad input: 400, nothing written', () => {
    let memberB = '';
    let memberAuth: Record<string, string> = {};
    beforeAll(async () => {
      memberB = (await makeMember(t, b)).id;
      memberAuth = (
        await joinMember(t, b.slug, { firstName: 'Jo', email: `jo-${randomUUID()}@example.test` })
      ).auth;
    });

    interface Case {
      name: string;
      method: 'post' | 'patch';
      path: () => string;
      valid: () => Record<string, unknown>;
      required: string[];
      skip?: string[];
      auth?: () => Record<string, string>;
    }
    const cases: Case[] = [
      {
        name: 'update settings',
        method: 'patch',
        path: () => '/api/messages/settings',
        valid: () => ({ language: 'de', quietHours: '22:00-07:00', weeklyCap: 2 }),
        required: [],
      },
      {
        name: 'update template',
        method: 'patch',
        path: () => '/api/messages/templates/welcome',
        valid: () => ({ subject: 'S', text: 'T', html: '<p>H</p>', enabled: true }),
        required: [],
        // 5,000 characters are a valid text and HTML body; their own limits are tested below.
        skip: ['text oversized', 'html oversized'],
      },
      {
        name: 'preview',
        method: 'post',
        path: () => '/api/messages/templates/welcome/preview',
        valid: () => ({ memberId: memberB, marketing: true }),
        required: ['memberId'],
      },
      {
        name: 'record consent',
        method: 'post',
        path: () => `/api/members/${memberB}/consents`,
        valid: () => ({
          channel: 'email',
          purpose: 'marketing',
          given: true,
          source: 'counter',
          wording: 'Yes to news',
        }),
        required: ['channel', 'purpose', 'given', 'source', 'wording'],
      },
      {
        name: 'record own consent',
        method: 'post',
        path: () => '/api/me/consents',
        auth: () => memberAuth,
        valid: () => ({ channel: 'sms', purpose: 'service', given: false, wording: 'No texts' }),
        required: ['channel', 'purpose', 'given', 'wording'],
      },
      {
        name: 'create webhook endpoint',
        method: 'post',
        path: () => '/api/webhooks/endpoints',
        valid: () => ({ url: 'https://crm.example/hook', description: 'CRM' }),
        required: ['url'],
      },
    ];

    it.each(cases.map((c) => [c.name, c] as const))('%s: every bad body is a 400', async (_n, c) => {
      const before = await snapshotOf(pg);
      for (const [what, body] of badBodies(c.valid(), c.required)) {
        if (c.skip?.includes(what)) continue;
        const http = t.http();
        const auth = c.auth?.() ?? b.auth;
        const r = await http[c.method](c.path())
          .set(auth)
          .send(body as object);
        const label = `${c.name}: ${what}`;
        expect({ label, status: r.status }).toEqual({ label, status: 400 });
        expect(r.body).toEqual(ERROR_BODY);
      }
      expect(await snapshotOf(pg)).toEqual(before);
      // The valid body itself is accepted (so the 400s above are about the mutations).
      const client = t.http();
      const auth = c.auth?.() ?? b.auth;
      const ok = await client[c.method](c.path()).set(auth).send(c.valid());
      expect({ name: c.name, status: ok.status }).toEqual({
        name: c.name,
        status: c.method === 'post' && c.name !== 'preview' ? 201 : 200,
      });
    });

    it('values the types accept but the rules refuse are a 400', async () => {
      const before = await snapshotOf(pg);
      const bad: ['post' | 'patch', string, object][] = [
        ['patch', '/api/messages/settings', { quietHours: '08:00-08:00' }],
        ['patch', '/api/messages/settings', { quietHours: '25:00-07:00' }],
        ['patch', '/api/messages/settings', { language: 'not a language' }],
        ['patch', '/api/messages/settings', { weeklyCap: 101 }],
        ['patch', '/api/messages/templates/welcome', { subject: 'Hi {{password}}' }],
        ['patch', '/api/messages/templates/welcome', { text: 'x'.repeat(5001) }],
        ['patch', '/api/messages/templates/welcome', { html: 'x'.repeat(20001) }],
        ['post', '/api/messages/templates/welcome/preview', { memberId: memberB, variables: { points: -1 } }],
        [
          'post',
          '/api/messages/templates/welcome/preview',
          { memberId: memberB, variables: { link: 'javascript:alert(1)' } },
        ],
        [
          'post',
          '/api/messages/templates/welcome/preview',
          { memberId: memberB, variables: { expiryDate: '2026-13-01' } },
        ],
        ['post', '/api/messages/templates/welcome/preview', { memberId: memberB, variables: { nope: 1 } }],
        ['post', '/api/messages/templates/welcome/preview', { memberId: memberB, variables: 'x' }],
        [
          'post',
          `/api/members/${memberB}/consents`,
          { channel: 'email', purpose: 'marketing', given: false, source: 'unsubscribe', wording: 'x' },
        ],
        [
          'post',
          `/api/members/${memberB}/consents`,
          { channel: 'fax', purpose: 'marketing', given: false, source: 'counter', wording: 'x' },
        ],
        ['post', '/api/webhooks/endpoints', { url: 'ftp://crm.example/hook' }],
        ['post', '/api/webhooks/endpoints', { url: 'https://user:pw@crm.example/hook' }],
        ['post', '/api/webhooks/endpoints', { url: 'not a url' }],
      ];
      for (const [method, path, body] of bad) {
        const r = await t.http()[method](path).set(b.auth).send(body);
        const label = `${method} ${path} ${JSON.stringify(body).slice(0, 80)}`;
        expect({ label, status: r.status }).toEqual({ label, status: 400 });
        expect(r.body).toEqual(ERROR_BODY);
      }
      expect(await snapshotOf(pg)).toEqual(before);
    });

    it('malformed ids, types, tokens and query values are a 400', async () => {
      const before = await snapshotOf(pg);
      const routes: ['get' | 'patch' | 'post' | 'delete', string, object?][] = [
        ['get', '/api/messages/not-a-uuid'],
        ['post', '/api/messages/not-a-uuid/retry', {}],
        ['get', '/api/messages/templates/nope'],
        ['patch', '/api/messages/templates/nope', { subject: 'x' }],
        ['post', '/api/messages/templates/nope/preview', { memberId: memberB }],
        ['get', '/api/members/zzz/consents'],
        [
          'post',
          '/api/members/zzz/consents',
          { channel: 'email', purpose: 'marketing', given: true, source: 'counter', wording: 'x' },
        ],
        ['delete', '/api/webhooks/endpoints/zzz'],
        ['get', '/api/webhooks/deliveries/zzz'],
        ['post', '/api/webhooks/deliveries/zzz/replay', {}],
        ['get', '/api/unsubscribe/zzz'],
        ['post', '/api/unsubscribe/zzz', {}],
        ['get', '/api/messages?limit=0'],
        ['get', '/api/messages?limit=abc'],
        ['get', '/api/messages?status=lost'],
        ['get', '/api/messages?memberId=zzz'],
        ['get', '/api/messages?extra=1'],
        ['get', '/api/messages/dev-mailbox?limit=201'],
        ['get', '/api/webhooks/deliveries?status=lost'],
        ['get', '/api/webhooks/deliveries?endpointId=zzz'],
      ];
      for (const [method, path, body] of routes) {
        let r = t.http()[method](path).set(b.auth);
        if (body) r = r.send(body);
        const res = await r;
        const label = `${method.toUpperCase()} ${path}`;
        expect({ label, status: res.status }).toEqual({ label, status: 400 });
        expect(res.body).toEqual(ERROR_BODY);
      }
      expect(await snapshotOf(pg)).toEqual(before);
    });
  });

  describe("another business's credentials", () => {
    const MISSING = '7f1c2b4e-9a53-4d6e-8f0a-1b2c3d4e5f60';
    let callers: { name: string; auth: Record<string, string> }[];
    beforeAll(async () => {
      const manager = await makeStaff(t, b, 'manager');
      const cashier = await makeStaff(t, b, 'cashier');
      const key = await makePosKey(t, b);
      callers = [
        { name: 'owner of B', auth: b.auth },
        { name: 'manager of B', auth: manager.auth },
        { name: 'cashier of B', auth: cashier.auth },
        { name: 'POS key of B', auth: key.auth },
      ];
    });

    const routes = (): {
      method: 'get' | 'post' | 'delete';
      path: (id: string) => string;
      id: () => string;
      body?: (id: string) => object;
    }[] => [
      { method: 'get', path: (id) => `/api/messages/${id}`, id: () => messageA },
      { method: 'post', path: (id) => `/api/messages/${id}/retry`, id: () => messageA, body: () => ({}) },
      { method: 'get', path: (id) => `/api/members/${id}/consents`, id: () => memberA.id },
      {
        method: 'post',
        path: (id) => `/api/members/${id}/consents`,
        id: () => memberA.id,
        body: () => ({
          channel: 'email',
          purpose: 'marketing',
          given: false,
          source: 'counter',
          wording: 'x',
        }),
      },
      {
        method: 'post',
        path: () => '/api/messages/templates/welcome/preview',
        id: () => memberA.id,
        body: (id) => ({ memberId: id }),
      },
      { method: 'delete', path: (id) => `/api/webhooks/endpoints/${id}`, id: () => endpointA },
      { method: 'get', path: (id) => `/api/webhooks/deliveries/${id}`, id: () => deliveryA },
      {
        method: 'post',
        path: (id) => `/api/webhooks/deliveries/${id}/replay`,
        id: () => deliveryA,
        body: () => ({}),
      },
    ];

    it('answers every foreign id exactly as a missing one (404 for the owner)', async () => {
      // The POS key's last use is recorded on every call; everything else must stay as it was.
      const state = async () => {
        const { api_keys: _used, ...rest } = await snapshotOf(pg);
        return rest;
      };
      const before = await state();
      let checked = 0;
      for (const caller of callers)
        for (const r of routes()) {
          const send = async (id: string) => {
            let q = t.http()[r.method](r.path(id)).set(caller.auth);
            if (r.body) q = q.send(r.body(id));
            return q;
          };
          const foreign = await send(r.id());
          const missing = await send(MISSING);
          const label = `${caller.name}: ${r.method.toUpperCase()} ${r.path(':id')}`;
          expect({ label, status: foreign.status }).toEqual({ label, status: missing.status });
          expect([403, 404]).toContain(foreign.status);
          if (caller.name === 'owner of B')
            expect({ label, status: foreign.status }).toEqual({ label, status: 404 });
          expect({ label, error: foreign.body.error }).toEqual({ label, error: missing.body.error });
          checked++;
        }
      expect(checked).toBe(callers.length * routes().length);
      expect(await state()).toEqual(before);
    });

    it("never lists A's messages, mailbox, consents, endpoints or deliveries to B", async () => {
      const lists = [
        '/api/messages',
        `/api/messages?memberId=${memberA.id}`,
        '/api/messages/dev-mailbox',
        '/api/webhooks/endpoints',
        '/api/webhooks/deliveries',
        `/api/webhooks/deliveries?endpointId=${endpointA}`,
      ];
      for (const path of lists) {
        const r = await t.http().get(path).set(b.auth).expect(200);
        expect(JSON.stringify(r.body)).not.toMatch(
          new RegExp(`${messageA}|${endpointA}|${deliveryA}|${memberA.id}`),
        );
      }
      // A's template change is not B's.
      await t
        .http()
        .patch('/api/messages/templates/survey')
        .set(a.auth)
        .send({ subject: 'A only' })
        .expect(200);
      expect((await t.http().get('/api/messages/templates/survey').set(b.auth)).body.custom).toBe(false);
      // A's data is intact.
      expect(
        (await t.http().get('/api/webhooks/endpoints').set(a.auth)).body.items.map(
          (e: { id: string }) => e.id,
        ),
      ).toEqual([endpointA]);
      expect((await t.http().get(`/api/messages/${messageA}`).set(a.auth).expect(200)).body.id).toBe(
        messageA,
      );
      expect(
        (await t.http().get(`/api/members/${memberA.id}/consents`).set(a.auth).expect(200)).body.log,
      ).toEqual([]);
    });
  });
});
