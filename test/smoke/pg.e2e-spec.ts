import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../support/db';

describe('test database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('smoke');
  });
  afterAll(async () => db.drop());

  it('is a real PostgreSQL 15 or newer', async () => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    const r = await c.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
    await c.end();
    expect(Number(r.rows[0].v)).toBeGreaterThanOrEqual(150000);
  });
});
