import { randomBytes } from 'node:crypto';
import type { TestApp } from './app';
import { MemberNotifier, type SignInCodeMessage } from '../../apps/api/src/members/member-notifier';

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

/**
 * Collects the sign-in codes the app sends to members (the MemberNotifier the
 * app was built with), so tests can act as the member reading their inbox.
 */
export function captureSignInCodes(t: TestApp) {
  const notifier = t.app.get(MemberNotifier);
  const sent: SignInCodeMessage[] = [];
  const spy = jest.spyOn(notifier, 'sendSignInCode').mockImplementation(async (m) => {
    sent.push(m);
    return Promise.resolve();
  });
  return {
    sent,
    /** The newest code sent to this email. */
    codeFor(email: string): string | undefined {
      return [...sent].reverse().find((m) => m.member.email === email.toLowerCase())?.code;
    },
    restore: () => spy.mockRestore(),
  };
}

/**
 * Self sign-up through the join link as a member does it: join (202, a code is
 * sent), then sign in with the code. Returns what the member holds afterwards.
 */
export async function joinMember(t: TestApp, slug: string, body: Record<string, unknown>) {
  const inbox = captureSignInCodes(t);
  try {
    const joined = await t.http().post(`/api/join/${slug}`).send(body);
    if (joined.status !== 202)
      throw new Error(`join failed: ${joined.status} ${JSON.stringify(joined.body)}`);
    const code = inbox.codeFor(String(body.email));
    if (!code) throw new Error('no sign-in code was sent');
    const signedIn = await t
      .http()
      .post('/api/auth/member/code/verify')
      .send({ business: slug, email: body.email, code });
    if (signedIn.status !== 200)
      throw new Error(`code sign-in failed: ${signedIn.status} ${JSON.stringify(signedIn.body)}`);
    const auth = { Authorization: `Bearer ${signedIn.body.accessToken}` };
    const card = await t.http().get('/api/me/card').set(auth);
    return {
      accessToken: signedIn.body.accessToken as string,
      auth,
      member: signedIn.body.member as { id: string; firstName: string; email: string; source: string },
      card: card.body as { id: string; payload: string },
    };
  } finally {
    inbox.restore();
  }
}
