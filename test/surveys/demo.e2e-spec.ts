import { createTestApp, TestApp } from '../support/app';
import { AppConfig } from '../../apps/api/src/config/config';
import { DEMO, seedDemoIfEmpty } from '../../apps/api/src/demo/seed';
import { DEMO_SURVEY_ANSWERS } from '../../apps/api/src/demo/surveys-seed';

/** The demo café has survey answers: promoters, a passive, detractors with comments on the call list. */
describe('demo surveys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-11-30T10:00:00Z' });
  });
  afterAll(async () => t.close());

  it('shows NPS, the comments and the detractors on the call list', async () => {
    const said: string[] = [];
    await seedDemoIfEmpty(t.app, t.app.get(AppConfig), (l) => said.push(l));
    expect(said).toContain("demo survey answers: 5 (NPS in the console's Survey results)");
    const login = await t
      .http()
      .post('/api/auth/staff/login')
      .send({ email: DEMO.owner.email, password: DEMO.owner.password })
      .expect(200);
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };
    const r = await t.http().get('/api/surveys/results').set(auth).expect(200);
    // 2 promoters, 1 passive, 2 detractors: NPS 40 % − 40 % = 0.
    expect(r.body.total).toEqual({ responses: 5, promoters: 2, passives: 1, detractors: 2, nps: 0 });
    const answers = await t.http().get('/api/surveys/responses').set(auth).expect(200);
    expect(answers.body.items.map((a: { comment: string | null }) => a.comment).sort()).toEqual(
      DEMO_SURVEY_ANSWERS.map((a) => a.comment).sort(),
    );
    const atRisk = await t.http().get('/api/retention/at-risk').set(auth).expect(200);
    const flagged = atRisk.body.customers.filter((c: { flag?: object }) => c.flag);
    expect(flagged.map((c: { flag: { score: number } }) => c.flag.score).sort()).toEqual([3, 6]);
  });
});
