import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { BusinessRepository } from '../businesses/businesses.repository';
import { BusinessesService } from '../businesses/businesses.service';
import { MembersService } from '../members/members.service';
import { RulesService } from '../rules/rules.service';
import { PurchaseService } from '../pos/purchase.service';
import { ProductsService } from '../products/products.service';
import { seedRebateDemo } from './rebates';
import { seedDemoTiers } from './tiers-seed';
import { seedRetentionHistory } from './retention-history';
import { RetentionService } from '../retention/retention.service';
import { seedDemoMessages } from './messages-seed';
import { seedDemoSurveys } from './surveys-seed';

/** The demo café's program: 1 point per euro, a coffee stamp card of 10, double points on Mondays. */
export const DEMO_RULES = {
  points: { pointsPer: 1, perAmount: 100, rounding: 'floor', minimumSpend: 0 },
  multipliers: [
    { id: 'beans', name: 'Coffee beans x2', match: { skus: [], categories: ['beans'] }, multiplierBp: 20000 },
  ],
  exclusions: { skus: ['GIFT-CARD'], categories: [] },
  promotions: [
    {
      id: 'monday',
      name: 'Double points Monday',
      schedule: { weekdays: [1] },
      minimumSpend: 0,
      effect: { kind: 'multiplier', multiplierBp: 20000 },
    },
  ],
  stampCards: [
    {
      id: 'coffee',
      name: 'Coffee card',
      match: { skus: [], categories: ['coffee'] },
      stampsPerUnit: 1,
      cardSize: 10,
      reward: { id: 'free-coffee', description: 'A free coffee' },
    },
  ],
  pointsExpiry: { afterMonths: 12 },
  pendingDays: 0,
};

/** The demo café's product list: the counter's items (sku and category decide points and stamps). */
export const DEMO_PRODUCTS = [
  { sku: 'FLAT-WHITE', name: 'Flat white', category: 'coffee', price: 380 },
  { sku: 'CAPPUCCINO', name: 'Cappuccino', category: 'coffee', price: 320 },
  { sku: 'ESPRESSO', name: 'Espresso', category: 'coffee', price: 240 },
  { sku: 'CROISSANT', name: 'Croissant', category: 'bakery', price: 450 },
  { sku: 'BEANS-250', name: 'Coffee beans 250 g', category: 'beans', price: 1290 },
  { sku: 'GIFT-CARD', name: 'Gift card', category: null, price: 2000 },
];

export const DEMO = {
  slug: 'demo-cafe',
  owner: { email: 'owner@demo-cafe.test', password: 'demo-owner-pass' },
  cashier: { email: 'cashier@demo-cafe.test', password: 'demo-cashier-pass' },
  member: { email: 'ana@example.test', password: 'demo-member-pass' },
};

/** Creates a demo café with an owner, a cashier and some members when the database has no business yet. */
export async function seedDemoIfEmpty(
  app: INestApplication,
  config: AppConfig,
  say: (l: string) => void,
): Promise<void> {
  const n = await app.get(BusinessRepository).countAll();
  const url = config.publicUrl;
  if (n === 0) {
    const businesses = app.get(BusinessesService);
    const members = app.get(MembersService);
    const { business, owner } = await businesses.signup({
      name: 'Demo Café',
      slug: DEMO.slug,
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
      ownerEmail: DEMO.owner.email,
      ownerPassword: DEMO.owner.password,
      ownerName: 'Olivia Owner',
    });
    await businesses.createStaff(
      { kind: 'staff', businessId: business.id, staffId: owner.id, role: 'owner' },
      { email: DEMO.cashier.email, name: 'Carl Cashier', role: 'cashier', password: DEMO.cashier.password },
    );
    await members.join(DEMO.slug, {
      firstName: 'Ana',
      lastName: 'Silva',
      email: DEMO.member.email,
      password: DEMO.member.password,
      marketingConsent: true,
    });
    const people: [string, string, string][] = [
      ['Ben', 'Okafor', '+49 151 1000001'],
      ['Chloé', 'Martin', '+49 151 1000002'],
      ['Dmitri', 'Ivanov', '+49 151 1000003'],
      ['Emma', 'Schulz', '+49 151 1000004'],
    ];
    const shoppers = [await members.getByNumber(business.id, '100001')];
    for (const [firstName, lastName, phone] of people) {
      shoppers.push((await members.enrol(business.id, { firstName, lastName, phone })).member);
    }
    const rules = app.get(RulesService);
    await rules.publish(business.id, owner.id, DEMO_RULES);
    const products = app.get(ProductsService);
    for (const p of DEMO_PRODUCTS) await products.create(business.id, p);
    await rules.createReward(business.id, {
      name: 'Free coffee',
      cost: { kind: 'stamp_card', cardId: 'coffee' },
      benefit: { kind: 'free_item', sku: 'FLAT-WHITE', description: 'Any coffee', maxValue: 450 },
    });
    await rules.createReward(business.id, {
      name: '5 € off',
      cost: { kind: 'points', points: 100 },
      benefit: { kind: 'amount_off', amount: 500 },
    });
    const pos = app.get(PurchaseService);
    const till = {
      kind: 'staff' as const,
      businessId: business.id,
      staffId: owner.id,
      role: 'owner' as const,
    };
    let count = 0;
    for (const [i, m] of shoppers.entries()) {
      for (let k = 0; k <= i + 2; k++) {
        const pastries = k % 3;
        await pos.recordPurchase(till, {
          transactionId: `DEMO-${++count}`,
          member: { memberNumber: m.memberNumber },
          total: 380 + 450 * pastries,
          lines: [
            { lineId: '1', sku: 'FLAT-WHITE', category: 'coffee', quantity: 1, unitPrice: 380 },
            ...(pastries
              ? [{ lineId: '2', sku: 'CROISSANT', category: 'bakery', quantity: pastries, unitPrice: 450 }]
              : []),
          ],
        });
      }
    }
    say(`demo tiers: ${await seedDemoTiers(app, business.id, owner.id)}`);
    say(
      `demo survey answers: ${await seedDemoSurveys(app, business.id, DEMO.slug)} (NPS in the console's Survey results)`,
    );
    const history = await seedRetentionHistory(app, business.id, owner.id);
    say(`demo messages: ${await seedDemoMessages(app, business.id, { staffId: owner.id }, shoppers[0].id)}`);
    // The reports read summaries the event consumers keep; fill them now so the first look at the
    // console (and a start without the worker) shows the demo's live purchases too.
    await app.get(RetentionService).rebuildSummaries(business.id);
    say(
      `demo data created: Demo Café with an owner, a cashier, 5 members, rules, ${DEMO_PRODUCTS.length} products, 3 rewards (one for Gold members) and ${count} purchases; ${history.purchases} purchases of ${history.customers} customers from the old till and ${history.calls} calls to customers who left (docs/RETENTION.md)`,
    );
  }
  say(`demo logins (business "${DEMO.slug}"):`);
  say(`  owner    ${DEMO.owner.email} / ${DEMO.owner.password}`);
  say(`  cashier  ${DEMO.cashier.email} / ${DEMO.cashier.password}`);
  say(`  member   ${DEMO.member.email} / ${DEMO.member.password}  (join link ${url}/join/${DEMO.slug})`);
  await seedRebateDemo(app, say, n === 0);
}
