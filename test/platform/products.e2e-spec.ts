import { createTestApp, TestApp } from '../support/app';
import { makeBusiness, makePosKey, makeStaff } from '../support/factories';

/** The product list: owners and managers keep it; the counter (cashiers, POS keys) reads it. */
describe('products', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('create, list (active only for the counter), change and delete; the answers are typed views', async () => {
    const b = await makeBusiness(t);
    const fw = await t
      .http()
      .post('/api/products')
      .set(b.auth)
      .send({ sku: 'FLAT-WHITE', name: 'Flat white', category: 'coffee', price: 380 });
    expect(fw.status).toBe(201);
    expect(fw.body).toEqual({
      id: expect.any(String),
      sku: 'FLAT-WHITE',
      name: 'Flat white',
      category: 'coffee',
      price: 380,
      active: true,
      createdAt: '2026-03-02T09:00:00.000Z',
      updatedAt: '2026-03-02T09:00:00.000Z',
    });
    const gift = await t
      .http()
      .post('/api/products')
      .set(b.auth)
      .send({ sku: 'GIFT-CARD', name: 'Gift card', price: 2000, active: false });
    expect(gift.body).toMatchObject({ category: null, active: false });
    const all = await t.http().get('/api/products').set(b.auth).expect(200);
    expect(all.body.items.map((p: { sku: string }) => p.sku).sort()).toEqual(['FLAT-WHITE', 'GIFT-CARD']);
    const onSale = await t.http().get('/api/products?active=true').set(b.auth).expect(200);
    expect(onSale.body.items.map((p: { sku: string }) => p.sku)).toEqual(['FLAT-WHITE']);

    t.clock.advance(60_000);
    const changed = await t
      .http()
      .patch(`/api/products/${fw.body.id}`)
      .set(b.auth)
      .send({ price: 400, category: null });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ price: 400, category: null, updatedAt: '2026-03-02T09:01:00.000Z' });
    expect((await t.http().get(`/api/products/${fw.body.id}`).set(b.auth)).body.price).toBe(400);

    await t.http().delete(`/api/products/${gift.body.id}`).set(b.auth).expect(204);
    expect((await t.http().delete(`/api/products/${gift.body.id}`).set(b.auth)).status).toBe(404);
    expect((await t.http().get('/api/products').set(b.auth)).body.items).toHaveLength(1);

    const doc = (await t.http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: unknown }> }>>;
    };
    expect(JSON.stringify(doc.paths['/api/products'].get.responses['200'].content)).toContain(
      'ProductListView',
    );
    expect(JSON.stringify(doc.paths['/api/products'].post.responses['201'].content)).toContain('ProductView');
  });

  it('a sku is unique in a business (409), not across businesses', async () => {
    const b = await makeBusiness(t);
    const c = await makeBusiness(t);
    const body = { sku: 'ESPRESSO', name: 'Espresso', category: 'coffee', price: 240 };
    await t.http().post('/api/products').set(b.auth).send(body).expect(201);
    const again = await t.http().post('/api/products').set(b.auth).send(body);
    expect([again.status, again.body.error.code]).toEqual([409, 'CONFLICT']);
    await t.http().post('/api/products').set(c.auth).send(body).expect(201);
    const other = await t
      .http()
      .post('/api/products')
      .set(b.auth)
      .send({ ...body, sku: 'RISTRETTO' })
      .expect(201);
    const rename = await t
      .http()
      .patch(`/api/products/${other.body.id}`)
      .set(b.auth)
      .send({ sku: 'ESPRESSO' });
    expect(rename.status).toBe(409);
  });

  it('refuses categories and names with stray spaces, bad skus and prices (400, nothing written)', async () => {
    const b = await makeBusiness(t);
    const ok = { sku: 'LATTE', name: 'Latte', category: 'coffee', price: 350 };
    for (const bad of [
      { category: ' coffee' },
      { category: 'coffee ' },
      { category: '' },
      { name: ' Latte' },
      { sku: 'LATTE MACCHIATO' },
      { sku: '-LATTE' },
      { sku: 'X'.repeat(65) },
      { price: -1 },
      { price: 3.5 },
      { price: '350' },
      { price: 100_000_000_001 },
    ]) {
      const r = await t
        .http()
        .post('/api/products')
        .set(b.auth)
        .send({ ...ok, ...bad });
      expect({ bad, status: r.status, code: r.body.error?.code }).toEqual({
        bad,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    expect((await t.http().get('/api/products').set(b.auth)).body.items).toEqual([]);
  });

  it('cashiers and POS keys read the list; only owners and managers change it', async () => {
    const b = await makeBusiness(t);
    const cashier = await makeStaff(t, b, 'cashier');
    const manager = await makeStaff(t, b, 'manager');
    const key = await makePosKey(t, b);
    const made = await t
      .http()
      .post('/api/products')
      .set(manager.auth)
      .send({ sku: 'TEA', name: 'Tea', price: 250 })
      .expect(201);
    for (const auth of [cashier.auth, key.auth]) {
      expect((await t.http().get('/api/products').set(auth)).body.items).toHaveLength(1);
      expect(
        (await t.http().post('/api/products').set(auth).send({ sku: 'X', name: 'X', price: 1 })).status,
      ).toBe(403);
      expect(
        (await t.http().patch(`/api/products/${made.body.id}`).set(auth).send({ price: 1 })).status,
      ).toBe(403);
      expect((await t.http().delete(`/api/products/${made.body.id}`).set(auth)).status).toBe(403);
    }
    expect((await t.http().get(`/api/products/${made.body.id}`).set(b.auth)).body.price).toBe(250);
  });
});
