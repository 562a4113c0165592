import { randomBytes } from 'node:crypto';
import type { TestApp } from './app';

export interface TestBusiness {
  id: string;
  slug: string;
  ownerToken: string;
  ownerId: string;
  locationId: string;
  auth: { Authorization: string };
}

const uniq = () => randomBytes(4).toString('hex');

/** Signs up a new business through the API; every test makes its own. */
export async function makeBusiness(
  t: TestApp,
  overrides: Record<string, unknown> = {},
): Promise<TestBusiness> {
  const u = uniq();
  const res = await t
    .http()
    .post('/api/businesses')
    .send({
      name: `Café ${u}`,
      slug: `cafe-${u}`,
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
      ownerEmail: `owner-${u}@example.test`,
      ownerPassword: 'correct horse battery',
      ownerName: 'Owner',
      ...overrides,
    });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    id: res.body.business.id,
    slug: res.body.business.slug,
    ownerToken: res.body.accessToken,
    ownerId: res.body.owner.id,
    locationId: res.body.location.id,
    auth: { Authorization: `Bearer ${res.body.accessToken}` },
  };
}

export async function makeStaff(t: TestApp, b: TestBusiness, role: 'owner' | 'manager' | 'cashier') {
  const u = uniq();
  const email = `${role}-${u}@example.test`;
  const password = 'staff password 123';
  const created = await t
    .http()
    .post('/api/staff')
    .set(b.auth)
    .send({ email, name: `${role} ${u}`, role, password });
  if (created.status !== 201)
    throw new Error(`staff failed: ${created.status} ${JSON.stringify(created.body)}`);
  const login = await t.http().post('/api/auth/staff/login').send({ email, password });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
  return {
    id: created.body.id as string,
    email,
    password,
    auth: { Authorization: `Bearer ${login.body.accessToken}` },
  };
}

export async function makeMember(t: TestApp, b: TestBusiness, fields: Record<string, unknown> = {}) {
  const u = uniq();
  const res = await t
    .http()
    .post('/api/members')
    .set(b.auth)
    .send({ firstName: 'Mia', lastName: `Member ${u}`, email: `mia-${u}@example.test`, ...fields });
  if (res.status !== 201) throw new Error(`enrol failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as {
    id: string;
    memberNumber: string;
    email: string;
    card: { id: string; payload: string };
  };
}

export async function makePosKey(t: TestApp, b: TestBusiness) {
  const res = await t.http().post('/api/api-keys').set(b.auth).send({ name: 'POS' });
  if (res.status !== 201) throw new Error(`api key failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    id: res.body.id as string,
    key: res.body.key as string,
    auth: { 'X-API-Key': res.body.key as string },
  };
}
