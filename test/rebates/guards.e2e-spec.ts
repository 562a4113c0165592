import { Client } from 'pg';
import { createTestApp, TestApp } from '../support/app';
import { badBodies, ERROR_BODY, snapshot as fingerprint } from '../support/bad-input';
import { makeBusiness, makeMember, makeStaff, TestBusiness } from '../support/factories';
import {
  buy,
  drain,
  expectVerifyClean,
  makeAgreement,
  makeBuyer,
  makeCompany,
  tomorrow,
  wholesale,
  worked,
} from './support';

/**
 * Every rebate endpoint: bad input is a 400 that writes nothing; another
 * business's credentials get the 404 of a missing id and change nothing;
 * cashiers are refused.
 */
describe('rebate endpoints: bad input and tenant isolation', () => {
  let t: TestApp;
  let pg: Client;
  let a: TestBusiness;
  let b: TestBusiness;
  let companyA: string;
  let buyerA: string;
  let memberA: string;
  let agreementA: string;
  let companyB: string;
  const MISSING = '7f1c2b4e-9a53-4d6e-8f0a-1b2c3d4e5f60';

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2027-03-02T09:00:00Z' });
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    a = await makeBusiness(t);
    b = await makeBusiness(t);
    await wholesale(t, a);
    companyA = (await makeCompany(t, a)).id;
    const m = await makeBuyer(t, a, companyA);
    memberA = m.id;
    buyerA = (await t.http().get(`/api/rebates/companies/${companyA}`).set(a.auth)).body.buyers[0].id;
    agreementA = (
      await makeAgreement(t, a, { kind: 'company', companyId: companyA }, worked('retroactive'), tomorrow(t))
    ).id;
    t.clock.advance(86_400_000);
    await buy(t, a, m.card.payload, 1_200_000);
    await drain(t, a.id);
    companyB = (await makeCompany(t, b, 'B Corp')).id;
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  const snapshot = () => fingerprint(pg);

  const validTerms = () => worked('incremental');
  const cases = () => [
    {
      name: 'create company',
      method: 'post' as const,
      path: '/api/rebates/companies',
      valid: { legalName: 'X GmbH', taxId: 'DE999', billingName: 'AP', billingEmail: 'ap@x.example' },
      required: ['legalName', 'taxId', 'billingName', 'billingEmail'],
    },
    {
      name: 'update company',
      method: 'patch' as const,
      path: `/api/rebates/companies/${companyA}`,
      valid: { legalName: 'Y GmbH', taxId: 'DE998', billingName: 'AP', billingEmail: 'ap@y.example' },
      required: [],
    },
    {
      name: 'add buyer',
      method: 'post' as const,
      path: `/api/rebates/companies/${companyA}/buyers`,
      valid: { memberId: MISSING },
      required: ['memberId'],
    },
    {
      name: 'create agreement',
      method: 'post' as const,
      path: '/api/rebates/agreements',
      valid: {
        name: 'A',
        settings: {
          period: { kind: 'calendar_year' },
          basis: 'net_amount',
          payout: 'cash',
          assignment: { kind: 'company', companyId: companyA },
        },
        version: { effectiveFrom: tomorrow(t), terms: validTerms() },
      },
      required: ['name', 'settings', 'version'],
    },
    {
      name: 'amend agreement',
      method: 'post' as const,
      path: `/api/rebates/agreements/${agreementA}/versions`,
      valid: { effectiveFrom: tomorrow(t), terms: validTerms() },
      required: ['effectiveFrom', 'terms'],
    },
    {
      name: 'post settlement',
      method: 'post' as const,
      path: `/api/rebates/agreements/${agreementA}/settlements`,
      valid: { period: '2027-01-01' },
      required: [],
    },
  ];

  it('every bad body on every write is a 400 with the error body and writes nothing', async () => {
    const before = await snapshot();
    for (const c of cases()) {
      for (const [what, body] of badBodies(c.valid, c.required)) {
        const http = t.http();
        const r = await http[c.method](c.path)
          .set(a.auth)
          .send(body as object);
        const label = `${c.name}: ${what}`;
        expect({ label, status: r.status }).toEqual({ label, status: 400 });
        expect(r.body).toEqual(ERROR_BODY);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('agreement settings and terms the library refuses are a 400 naming the field; nothing is written', async () => {
    const before = await snapshot();
    const settings = {
      period: { kind: 'calendar_year' },
      basis: 'net_amount',
      payout: 'cash',
      assignment: { kind: 'company', companyId: companyA },
    };
    const bad: [string, object, string][] = [
      ['unknown period', { settings: { ...settings, period: { kind: 'weekly' } } }, 'settings.period'],
      ['unknown key in settings', { settings: { ...settings, extra: 1 } }, 'settings'],
      [
        'group of one',
        { settings: { ...settings, assignment: { kind: 'group', companyIds: [companyA] } } },
        'settings.assignment',
      ],
      [
        'descending thresholds',
        {
          version: {
            effectiveFrom: tomorrow(t),
            terms: { ...validTerms(), brackets: [...validTerms().brackets].reverse() },
          },
        },
        'version.terms.brackets',
      ],
      [
        'rate above 100 %',
        {
          version: {
            effectiveFrom: tomorrow(t),
            terms: { ...validTerms(), brackets: [{ threshold: 0, value: { kind: 'rate', rateBp: 10_001 } }] },
          },
        },
        'version.terms.brackets',
      ],
      [
        'backdated version',
        { version: { effectiveFrom: '2027-01-01', terms: validTerms() } },
        'version.effectiveFrom',
      ],
      ['no date', { version: { terms: validTerms() } }, 'version.effectiveFrom'],
    ];
    for (const [what, patch, path] of bad) {
      const r = await t
        .http()
        .post('/api/rebates/agreements')
        .set(a.auth)
        .send({
          name: 'Bad',
          settings,
          version: { effectiveFrom: tomorrow(t), terms: validTerms() },
          ...patch,
        });
      expect({ what, status: r.status }).toEqual({ what, status: 400 });
      expect(r.body).toEqual(ERROR_BODY);
      const paths = (r.body.error.details.errors as { path: string }[]).map((e) => e.path);
      expect({ what, ok: paths.some((p) => p.startsWith(path)) }).toEqual({ what, ok: true });
    }
    // Amendments: backdated, today, or not after the latest version.
    for (const effectiveFrom of ['2027-01-01', '2027-03-03', '2027-13-01']) {
      const r = await t
        .http()
        .post(`/api/rebates/agreements/${agreementA}/versions`)
        .set(a.auth)
        .send({ effectiveFrom, terms: validTerms() });
      expect({ effectiveFrom, status: r.status }).toEqual({ effectiveFrom, status: 400 });
    }
    // Bad query parameters and periods that do not exist.
    for (const q of [
      'period=2027',
      'period=2027-02-01',
      'period=2027-13-01',
      'period=2027-02-30',
      'extra=1',
    ]) {
      for (const p of ['statement', 'settlements/preview']) {
        const r = await t.http().get(`/api/rebates/agreements/${agreementA}/${p}?${q}`).set(a.auth);
        expect({ q, p, status: r.status }).toEqual({ q, p, status: 400 });
      }
    }
    for (const path of [
      '/api/rebates/companies/zzz',
      '/api/rebates/agreements/zzz',
      '/api/rebates/agreements/zzz/statement',
    ]) {
      expect((await t.http().get(path).set(a.auth)).status).toBe(400);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("another business's owner gets a 404 on every route with A's ids, and A's data is unchanged", async () => {
    const before = await snapshot();
    const memberB = await makeMember(t, b);
    const mid = await snapshot();
    const routes: {
      method: 'get' | 'patch' | 'post';
      path: (id: string) => string;
      id: string;
      body?: object;
    }[] = [
      { method: 'get', path: (id) => `/api/rebates/companies/${id}`, id: companyA },
      {
        method: 'patch',
        path: (id) => `/api/rebates/companies/${id}`,
        id: companyA,
        body: { legalName: 'Stolen' },
      },
      {
        method: 'post',
        path: (id) => `/api/rebates/companies/${id}/buyers`,
        id: companyA,
        body: { memberId: memberB.id },
      },
      {
        method: 'post',
        path: () => `/api/rebates/companies/${companyB}/buyers`,
        id: memberA,
        body: { memberId: memberA },
      },
      { method: 'post', path: (id) => `/api/rebates/companies/${companyA}/buyers/${id}/end`, id: buyerA },
      { method: 'get', path: (id) => `/api/rebates/agreements/${id}`, id: agreementA },
      {
        method: 'post',
        path: (id) => `/api/rebates/agreements/${id}/versions`,
        id: agreementA,
        body: { effectiveFrom: tomorrow(t), terms: validTerms() },
      },
      { method: 'get', path: (id) => `/api/rebates/agreements/${id}/statement`, id: agreementA },
      { method: 'get', path: (id) => `/api/rebates/agreements/${id}/settlements`, id: agreementA },
      { method: 'get', path: (id) => `/api/rebates/agreements/${id}/settlements/preview`, id: agreementA },
      { method: 'post', path: (id) => `/api/rebates/agreements/${id}/settlements`, id: agreementA, body: {} },
      {
        method: 'post',
        path: () => '/api/rebates/agreements',
        id: companyA,
        body: {
          name: 'Stolen',
          settings: {
            period: { kind: 'calendar_year' },
            basis: 'net_amount',
            payout: 'cash',
            assignment: { kind: 'company', companyId: companyA },
          },
          version: { effectiveFrom: tomorrow(t), terms: validTerms() },
        },
      },
    ];
    for (const r of routes) {
      const http = t.http();
      const res = await http[r.method](r.path(r.id))
        .set(b.auth)
        .send(r.body ?? {});
      const label = `${r.method} ${r.path(':id')}`;
      expect({ label, status: res.status }).toEqual({ label, status: 404 });
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    // B's lists show none of A's rows; B's verify sees none of A's periods.
    expect(
      (await t.http().get('/api/rebates/companies').set(b.auth)).body.items.map((c: { id: string }) => c.id),
    ).toEqual([companyB]);
    expect((await t.http().get('/api/rebates/agreements').set(b.auth)).body.items).toEqual([]);
    expect((await t.http().get('/api/rebates/verify').set(b.auth)).body).toEqual({
      ok: true,
      periods: 0,
      violations: [],
    });
    expect((await t.http().get('/api/rebates/statements').set(b.auth)).body).toEqual({ items: [] });
    const csv = await t.http().get('/api/rebates/settlements.csv').set(b.auth).expect(200);
    expect((csv.text as string).trim().split('\r\n')).toHaveLength(1);
    expect(await snapshot()).toEqual(mid);
    expect(Object.keys(before)).toEqual(Object.keys(mid));
    await expectVerifyClean(t, a);
  });

  it('cashiers and members are refused the staff routes; staff are refused the member route', async () => {
    const cashier = await makeStaff(t, a, 'cashier');
    for (const path of [
      '/api/rebates/companies',
      '/api/rebates/agreements',
      '/api/rebates/verify',
      '/api/rebates/statements',
      '/api/rebates/settlements.csv',
    ]) {
      expect((await t.http().get(path).set(cashier.auth)).status).toBe(403);
    }
    expect((await t.http().get('/api/me/rebates').set(a.auth)).status).toBe(403);
    expect((await t.http().get('/api/me/rebates')).status).toBe(401);
  });
});
