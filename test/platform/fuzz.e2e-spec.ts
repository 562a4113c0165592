import fc from 'fast-check';
import { Client } from 'pg';
import { createTestApp, TestApp } from '../support/app';
import {
  joinMember,
  makeBusiness,
  makeMember,
  makePosKey,
  makeStaff,
  TestBusiness,
} from '../support/factories';
import { CAFE_RULES, makeReward, publishRules, txn } from '../support/loyalty';

/**
 * The project's own fuzzer: every operation of the app's OpenAPI document,
 * driven with generated hostile input (near-valid bodies with one field
 * broken, wrong types, huge and deeply nested values, ill-formed Unicode,
 * injection strings, malformed and foreign path ids, random JSON), without
 * credentials and with the credentials of each role of a business (owner,
 * manager, cashier, member, POS key) and of another business. It fails on any
 * 5xx and on any write made by a refused (4xx) request: a row trigger on every
 * table counts committed row writes per table (a rolled-back write counts
 * nothing), read before and after each request — the same verdict as
 * fingerprinting every table's contents, at a fraction of the cost per request.
 *
 * Deterministic by FUZZ_SEED (printed; replay with FUZZ_SEED=<seed>); the
 * number of requests is FUZZ_RUNS (default sized to finish well within 90 s).
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const TIME_CAP_MS = Number(process.env.FUZZ_TIME_CAP_MS ?? 60_000);

/**
 * Refused requests that write by design: a wrong sign-in code counts against
 * the code (attempt limit), which is the point of the refusal.
 */
const WRITES_WHEN_REFUSED: Record<string, string[]> = {
  'POST /api/auth/member/code/verify': ['member_sign_in_codes'],
};
/** An API key's last use is recorded when it authenticates (at most once a minute), whatever follows. */
const WRITES_BY_ROLE: Partial<Record<string, string[]>> = { pos: ['api_keys'] };

interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  example?: unknown;
}
interface Operation {
  method: string;
  path: string;
  params: { name: string; in: 'path' | 'query' }[];
  body?: Schema;
}
type Role = 'none' | 'owner' | 'manager' | 'cashier' | 'member' | 'pos' | 'foreign';
const ROLES: Role[] = ['none', 'owner', 'manager', 'cashier', 'member', 'pos', 'foreign'];

function nested(depth: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

const HOSTILE_CONSTANTS: unknown[] = [
  null,
  '',
  ' ',
  '\ud800',
  'a\udc00b',
  '\u0000',
  'a\u0000b',
  "'; DROP TABLE members; --",
  "' OR '1'='1",
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '../../../etc/passwd',
  '%00',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '٣٤٥',
  '\u202e\u200b',
  '😀'.repeat(60),
  'x'.repeat(5000),
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '2026-02-30T25:61:61Z',
  '9999-12-31T23:59:59Z',
  '0001-01-01T00:00:00Z',
  -1,
  0,
  1.5,
  -0.5,
  2 ** 31,
  2 ** 53,
  2 ** 63,
  1e308,
  -1e308,
  true,
  false,
  [],
  {},
  [null],
  JSON.parse('{"__proto__": {"admin": true}}') as unknown,
  { constructor: { prototype: { admin: true } } },
];

/** A hostile value: a fixed nasty one, a random string/number/JSON, a deep or wide structure, or a foreign id. */
function hostileArb(foreignIds: string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_CONSTANTS) },
    { weight: 2, arbitrary: fc.constantFrom(...foreignIds) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.bigInt().map(String)) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.integer({ min: 50, max: 3000 }).map(nested) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 100, max: 20000 }).map((n) => Array.from({ length: n }, () => 1)),
    },
  );
}

const MALFORMED_PATH = [
  'not-a-uuid',
  '0',
  "'",
  '..%2F..%2Fetc',
  '%ED%A0%80',
  '%00',
  'a'.repeat(300),
  '00000000-0000-0000-0000-000000000000',
  '%F0%9F%98%80',
  '1%20OR%201%3D1',
  '-1',
  '99999999999999999999999',
];

describe('OpenAPI fuzzer', () => {
  let t: TestApp;
  let a: TestBusiness;
  let b: TestBusiness;
  let pg: Client;
  let ops: Operation[];
  let schemas: Record<string, Schema>;
  const auth: Partial<Record<Role, Record<string, string>>> = {};
  const own: Record<string, string> = {};
  const foreign: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-05-04T09:00:00Z' });
    a = await makeBusiness(t);
    b = await makeBusiness(t);
    for (const x of [a, b]) await publishRules(t, x);
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as {
      paths: Record<
        string,
        Record<
          string,
          { parameters?: Operation['params']; requestBody?: { content: Record<string, { schema: Schema }> } }
        >
      >;
      components: { schemas: Record<string, Schema> };
    };
    schemas = doc.components.schemas;
    ops = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, op]) => ({
        method,
        path,
        params: (op.parameters ?? []).map((p) => ({ name: p.name, in: p.in })),
        body: op.requestBody?.content['application/json']?.schema,
      })),
    );

    const world = async (x: TestBusiness, ids: Record<string, string>) => {
      const m = await makeMember(t, x);
      const reward = await makeReward(t, x, {
        name: `Fuzz reward ${txn()}`,
        cost: { kind: 'points', points: 10 },
        benefit: { kind: 'amount_off', amount: 100 },
      });
      const p = await t
        .http()
        .post('/api/pos/purchases')
        .set(x.auth)
        .send({ transactionId: txn('fz'), member: { cardPayload: m.card.payload }, total: 5000 });
      const key = await makePosKey(t, x);
      const staff = await makeStaff(t, x, 'cashier');
      Object.assign(ids, {
        member: m.id,
        memberNumber: m.memberNumber,
        cardPayload: m.card.payload,
        reward: reward.id,
        purchase: p.body.purchase.id as string,
        location: x.locationId,
        apiKey: key.id,
        staff: staff.id,
      });
    };
    await world(a, own);
    await world(b, foreign);
    auth.owner = a.auth;
    auth.manager = (await makeStaff(t, a, 'manager')).auth;
    auth.cashier = (await makeStaff(t, a, 'cashier')).auth;
    auth.member = (
      await joinMember(t, a.slug, { firstName: 'Fuzz', email: 'fuzz-member@example.test' })
    ).auth;
    auth.pos = (await makePosKey(t, a)).auth;
    auth.foreign = b.auth;
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    await pg.query(`
      CREATE TABLE fuzz_writes (t text PRIMARY KEY, n bigint NOT NULL);
      CREATE FUNCTION fuzz_count_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO fuzz_writes VALUES (TG_TABLE_NAME, 1) ON CONFLICT (t) DO UPDATE SET n = fuzz_writes.n + 1;
        RETURN NULL;
      END $$;`);
    const tables = await pg.query<{ t: string }>(
      `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'fuzz_writes'`,
    );
    for (const { t: table } of tables.rows)
      await pg.query(
        `CREATE TRIGGER fuzz_count_write AFTER INSERT OR UPDATE OR DELETE ON "${table}"
           FOR EACH ROW EXECUTE FUNCTION fuzz_count_write()`,
      );
  });

  /** Committed row writes so far, per table. */
  const writes = async (): Promise<Record<string, string>> =>
    Object.fromEntries(
      (await pg.query<{ t: string; n: string }>(`SELECT t, n FROM fuzz_writes`)).rows.map((r) => [r.t, r.n]),
    );
  afterAll(async () => {
    await pg?.end();
    await t?.close();
  });

  let seq = 0;
  const unique = () => `fz${SEED}-${++seq}`;

  /** A valid value for a field, by its name first (the API's own vocabulary), else by its schema. */
  function validValue(name: string, s: Schema | undefined, depth = 0): unknown {
    const byName: Record<string, () => unknown> = {
      transactionId: unique,
      idempotencyKey: unique,
      email: () => `${unique()}@example.test`,
      ownerEmail: () => `${unique()}@example.test`,
      password: () => 'fuzz password 1',
      ownerPassword: () => 'fuzz password 1',
      business: () => a.slug,
      slug: () => unique().toLowerCase(),
      currency: () => 'EUR',
      timeZone: () => 'Europe/Berlin',
      phone: () => `+49 151 ${String(seq++).padStart(7, '0')}`,
      birthday: () => '1990-01-31',
      code: () => '123456',
      cardPayload: () => own.cardPayload,
      payload: () => own.cardPayload,
      memberNumber: () => own.memberNumber,
      rewardId: () => own.reward,
      purchaseId: () => own.purchase,
      locationId: () => own.location,
      occurredAt: () => t.clock.now().toISOString(),
      effectiveFrom: () => new Date(t.clock.now().getTime() + 60_000).toISOString(),
      ruleSet: () => CAFE_RULES,
      program: () => ({
        basis: 'spend',
        window: { kind: 'calendar_year' },
        tiers: [
          { id: 'member', name: 'Member', reach: 0, keep: 0 },
          { id: 'gold', name: 'Gold', reach: 10000, keep: 8000 },
        ],
      }),
      tierId: () => 'gold',
      until: () => new Date(t.clock.now().getTime() + 86_400_000).toISOString(),
      cost: () => ({ kind: 'points', points: 10 }),
      benefit: () => ({ kind: 'amount_off', amount: 100 }),
      role: () => 'cashier',
      days: () => 7,
    };
    if (byName[name]) return byName[name]();
    if (!s) return 'x';
    if (s.$ref) return validObject(s.$ref, depth + 1);
    if (s.enum?.length) return s.enum[0];
    if (s.example !== undefined) return s.example;
    switch (s.type ?? 'string') {
      case 'integer':
      case 'number':
        return Math.max(s.minimum ?? 1, Math.min(s.maximum ?? 1, 1));
      case 'boolean':
        return true;
      case 'array':
        return depth > 3 ? [] : [validValue(`${name}[]`, s.items, depth + 1)];
      case 'object':
        return {};
      default:
        if (s.format === 'uuid') return own.member;
        return 'Fuzz'.slice(0, Math.max(1, s.maxLength ?? 4));
    }
  }

  function validObject(ref: string, depth = 0): Record<string, unknown> {
    const s = schemas[ref.split('/').pop()!];
    const out: Record<string, unknown> = {};
    for (const [k, ps] of Object.entries(s?.properties ?? {})) {
      if (k === 'memberNumber' && 'cardPayload' in (s?.properties ?? {})) continue; // exactly one of the two
      if (k === 'redeem') continue;
      out[k] = validValue(k, ps, depth);
    }
    return out;
  }

  /** Every leaf path of a value (to break one field). */
  function leaves(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
    if (v && typeof v === 'object') {
      const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
      const inner = entries.flatMap(([k, x]) => leaves(x, [...prefix, k]));
      return prefix.length ? [prefix, ...inner] : inner;
    }
    return prefix.length ? [prefix] : [];
  }

  function setAt(v: unknown, path: (string | number)[], value: unknown): unknown {
    if (!path.length) return value;
    const copy = (Array.isArray(v) ? [...(v as unknown[])] : { ...(v as object) }) as Record<
      string | number,
      unknown
    >;
    copy[path[0]] = setAt(copy[path[0]], path.slice(1), value);
    return copy;
  }

  function pathValue(name: string, mode: number, hostile: unknown): string {
    const ids: Record<string, [string, string]> = {
      id: [own.member, foreign.member],
      number: [own.memberNumber, foreign.memberNumber],
      slug: [a.slug, b.slug],
    };
    const [mine, theirs] = ids[name] ?? [own.member, foreign.member];
    switch (mode % 5) {
      case 0:
        return encodeURIComponent(mine);
      case 1:
        return encodeURIComponent(theirs);
      case 2:
        return MALFORMED_PATH[Math.floor(mode / 5) % MALFORMED_PATH.length];
      case 3: {
        const raw =
          typeof hostile === 'string' ? hostile.slice(0, 200) || 'x' : String(hostile).slice(0, 200);
        try {
          return encodeURIComponent(raw);
        } catch {
          return '%ED%A0%80'; // a lone surrogate has no UTF-8 form: send the bytes a client would
        }
      }
      default:
        // Own ids of other kinds in this slot (a reward id where a member id is expected, …).
        return encodeURIComponent([own.reward, own.purchase, own.location, own.staff, own.apiKey][mode % 5]);
    }
  }

  it(`drives every operation with hostile input (seed ${SEED})`, async () => {
    const foreignIds = Object.values(foreign).concat([a.id, b.id]);
    const caseArb = fc.record({
      role: fc.constantFrom(...ROLES),
      mode: fc.constantFrom(
        'valid',
        'one-field',
        'one-field',
        'one-field',
        'drop-field',
        'extra-field',
        'whole-body',
      ),
      pick: fc.nat(),
      pathMode: fc.nat(),
      hostile: hostileArb(foreignIds),
      query: fc.dictionary(
        fc.constantFrom('q', 'limit', 'cursor', 'x'),
        fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('-1', '0', '1e9', '%ED%A0%80', 'abc')),
        { maxKeys: 3 },
      ),
    });
    const cases = fc.sample(caseArb, { seed: SEED, numRuns: RUNS });
    const failures: string[] = [];
    const statuses: Record<string, number> = {};
    let sent = 0;
    let fiveXX = 0;
    let clientErrors = 0;
    const started = Date.now();
    let before = await writes();

    for (let i = 0; i < cases.length; i++) {
      if (Date.now() - started > TIME_CAP_MS) {
        console.log(`fuzz: time cap reached after ${i} of ${cases.length} cases`);
        break;
      }
      const c = cases[i];
      const op = ops[i % ops.length];
      const label = `${op.method.toUpperCase()} ${op.path}`;
      let url = op.path;
      for (const p of op.params.filter((x) => x.in === 'path'))
        url = url.replace(`{${p.name}}`, pathValue(p.name, c.pathMode, c.hostile));
      let body: unknown;
      if (op.body?.$ref) {
        const valid = validObject(op.body.$ref);
        const fields = leaves(valid);
        switch (c.mode) {
          case 'valid':
            body = valid;
            break;
          case 'one-field':
            body = fields.length ? setAt(valid, fields[c.pick % fields.length], c.hostile) : c.hostile;
            break;
          case 'drop-field': {
            const keys = Object.keys(valid);
            body = { ...valid };
            if (keys.length) delete (body as Record<string, unknown>)[keys[c.pick % keys.length]];
            break;
          }
          case 'extra-field':
            body = { ...valid, [`extra${c.pick % 3}`]: c.hostile };
            break;
          case 'whole-body':
            body = c.hostile;
            break;
        }
      }
      let req = (t.http() as unknown as Record<string, (u: string) => import('supertest').Test>)[op.method](
        url,
      );
      const creds = auth[c.role];
      if (creds) req = req.set(creds);
      if (op.params.some((p) => p.in === 'query')) req = req.query(c.query);
      let res: import('supertest').Response;
      try {
        res =
          body === undefined
            ? await req
            : await req.set('content-type', 'application/json').send(JSON.stringify(body) ?? 'null');
      } catch {
        // The request could not even be formed by the client (an invalid URL): nothing reached the server.
        clientErrors++;
        continue;
      }
      sent++;
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      const replay = `#${i} ${c.role} ${label} -> ${url} body=${JSON.stringify(body)?.slice(0, 300)}`;
      if (res.status >= 500) {
        fiveXX++;
        failures.push(`${res.status} ${replay} answer=${JSON.stringify(res.body).slice(0, 200)}`);
      }
      const after = await writes();
      if (res.status >= 400) {
        const allowed = [...(WRITES_WHEN_REFUSED[label] ?? []), ...(WRITES_BY_ROLE[c.role] ?? [])];
        const changed = Object.keys(after).filter((k) => after[k] !== before[k] && !allowed.includes(k));
        if (changed.length) failures.push(`refused ${res.status} but wrote ${changed.join(', ')}: ${replay}`);
      }
      before = after;
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `fuzz: seed ${SEED}, ${sent} requests over ${ops.length} operations x ${ROLES.length} credential sets in ${seconds} s; ` +
        `5xx: ${fiveXX}; statuses ${JSON.stringify(statuses)}; not sendable by the client: ${clientErrors}`,
    );
    if (failures.length)
      throw new Error(
        `fuzz failed (replay with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}): ${failures.length} failure(s)\n` +
          failures.slice(0, 25).join('\n'),
      );
    expect(sent).toBeGreaterThanOrEqual(Math.min(RUNS, ops.length * 10));
    const verify = await t.http().get('/api/ledger/verify').set(a.auth);
    expect(verify.body.ok).toBe(true);
  }, 150_000);
});
