import { launchBrowser } from '../support/browser';
import { cardPng, makeMember, makeShop, startServer } from '../support/shop';
it('times', async () => {
  let t0 = Date.now(); const lap = (s: string) => { console.log(s, Date.now() - t0); t0 = Date.now(); };
  const server = await startServer(); lap('server');
  const shop = await makeShop(server.t); lap('shop');
  const m = await makeMember(server.t, shop.business); lap('member');
  const png = await cardPng(server.t, shop.cashier.auth, m.id); lap('png');
  const b = await launchBrowser({ cameraPng: png }); lap('browser');
  await b.page.goto(server.url + '/cashier'); lap('goto');
  await b.close(); lap('close browser');
  await server.close(); lap('close server');
});
