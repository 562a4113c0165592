import { createTestApp, TestApp } from '../support/app';
import { makeBusiness, makeMember } from '../support/factories';

describe('platform smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('answers /health with the database up', async () => {
    const r = await t.http().get('/health').expect(200);
    expect(r.body.status).toBe('ok');
    expect(r.body.database.status).toBe('up');
    expect(r.headers['x-request-id']).toBeDefined();
  });

  it('signs up, enrols and scans', async () => {
    const b = await makeBusiness(t);
    const m = await makeMember(t, b);
    const s = await t.http().post('/api/scan').set(b.auth).send({ payload: m.card.payload });
    expect(s.status).toBe(200);
    expect(s.body.member.id).toBe(m.id);
  });
});
