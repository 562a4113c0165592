import type { INestApplication } from '@nestjs/common';
import { Clock } from '@regulars/core';
import {
  localDateOf,
  periodAt,
  validateAgreement,
  validateTerms,
  type RebateAgreement,
} from '@regulars/rebates';
import { BusinessesService } from '../businesses/businesses.service';
import { consumeEvent } from '../events/consumer';
import { eventIdsOfTypes } from '../events/events.repository';
import { BusinessRepository } from '../businesses/businesses.repository';
import { MembersService } from '../members/members.service';
import type { MemberEntity } from '../members/member.entities';
import { PurchaseService } from '../pos/purchase.service';
import { ProductsService } from '../products/products.service';
import { RebateAccrualConsumer } from '../rebates/rebate-accrual.consumer';
import { RebatesRepository } from '../rebates/rebates.repository';
import { RebatesService } from '../rebates/rebates.service';
import { StoreCreditService } from '../rebates/store-credit.service';

export const ROASTER = {
  slug: 'demo-roaster',
  owner: { email: 'owner@demo-roaster.test', password: 'demo-roaster-pass' },
  buyer: { email: 'lena@aurora.example', password: 'demo-buyer-pass' },
};

const BEANS = [
  { sku: 'ESPRESSO-1KG', name: 'Espresso blend 1 kg', category: 'beans', price: 2400 },
  { sku: 'FILTER-1KG', name: 'Filter roast 1 kg', category: 'beans', price: 2200 },
  { sku: 'GRINDER', name: 'Commercial grinder', category: 'equipment', price: 89000 },
];

/** The worked example of issue 16: minimum 10,000.00, 2 % from 10,000.00, 4 % from 25,000.00. */
const TERMS = (mode: 'retroactive' | 'incremental') => ({
  mode,
  scope: { kind: 'exclude', skus: [], categories: ['equipment'] },
  brackets: [
    { threshold: 1_000_000, value: { kind: 'rate', rateBp: 200 } },
    { threshold: 2_500_000, value: { kind: 'rate', rateBp: 400 } },
  ],
  minimumVolume: 1_000_000,
});

/**
 * The rebate demo (issue 16): a coffee roaster selling to cafés and offices,
 * with three company customers, their buyers and cards, a retroactive
 * agreement for one café and an incremental pooled agreement for two
 * offices, and this year's fortnightly orders, accrued at once. The
 * agreements and buyer links are stored as if made on 1 January (the API
 * itself never backdates a version: this is seeding history, not an
 * amendment). Runs when `created` (the demo café was just made, i.e. the
 * database was empty); prints the roaster's logins whenever it exists.
 */
export async function seedRebateDemo(app: INestApplication, say: (l: string) => void, created: boolean) {
  if (created) await createRoaster(app, say);
  if (!(await app.get(BusinessRepository).findBySlug(ROASTER.slug))) return;
  say(`rebate demo logins (business "${ROASTER.slug}"):`);
  say(
    `  owner    ${ROASTER.owner.email} / ${ROASTER.owner.password}  (console /admin#/rebates and #/companies; counter /cashier: member 100003 Priya has store credit)`,
  );
  say(`  buyer    ${ROASTER.buyer.email} / ${ROASTER.buyer.password}  (GET /api/me/rebates)`);
}

async function createRoaster(app: INestApplication, say: (l: string) => void) {
  const clock = app.get(Clock);
  const businesses = app.get(BusinessesService);
  const members = app.get(MembersService);
  const repo = app.get(RebatesRepository);
  const { business, owner } = await businesses.signup({
    name: 'Demo Roastery',
    slug: ROASTER.slug,
    currency: 'EUR',
    timeZone: 'Europe/Berlin',
    ownerEmail: ROASTER.owner.email,
    ownerPassword: ROASTER.owner.password,
    ownerName: 'Rosa Roaster',
  });
  await businesses.update(business.id, { purchaseLimit: 10_000_000 });
  const products = app.get(ProductsService);
  for (const p of BEANS) await products.create(business.id, p);

  const now = clock.now();
  const tz = 'Europe/Berlin';
  const year = periodAt({ kind: 'calendar_year' }, now, tz);
  if (!year) return;
  const jan1 = new Date(year.start);
  const company = (legalName: string, taxId: string, email: string) =>
    repo.insertCompany(
      business.id,
      { legalName, taxId, billingName: 'Accounts payable', billingEmail: email },
      jan1,
    );
  const aurora = await company('Café Aurora GmbH', 'DE811111111', 'ap@aurora.example');
  const office = await company('Office Park Services AG', 'DE822222222', 'invoices@officepark.example');
  const cowork = await company('Co-Work Hub UG', 'DE833333333', 'billing@cowork.example');

  await members.join(ROASTER.slug, {
    firstName: 'Lena',
    lastName: 'Aurora',
    email: ROASTER.buyer.email,
    password: ROASTER.buyer.password,
    marketingConsent: false,
  });
  const lena = await members.getByNumber(business.id, '100001');
  const enrol = async (firstName: string, lastName: string, phone: string) =>
    (await members.enrol(business.id, { firstName, lastName, phone })).member;
  const buyers: [MemberEntity, string][] = [
    [lena, aurora.id],
    [await enrol('Marco', 'Aurora', '+49 151 2000001'), aurora.id],
    [await enrol('Priya', 'Office', '+49 151 2000002'), office.id],
    [await enrol('Tom', 'Office', '+49 151 2000003'), office.id],
    [await enrol('Sven', 'Cowork', '+49 151 2000004'), cowork.id],
  ];
  for (const [m, c] of buyers) await repo.insertBuyer(business.id, c, m.id, jan1);

  const agreements: [string, RebateAgreement, 'retroactive' | 'incremental'][] = [
    [
      'Café Aurora volume rebate',
      {
        period: { kind: 'calendar_year' },
        basis: 'net_amount',
        payout: 'credit_note',
        assignment: { kind: 'company', companyId: aurora.id },
      },
      'retroactive',
    ],
    [
      'Offices pooled rebate',
      {
        period: { kind: 'calendar_year' },
        basis: 'net_amount',
        payout: 'store_credit',
        assignment: { kind: 'group', companyIds: [office.id, cowork.id] },
        // Settled by the cron every quarter: the offices' buyers have store credit to spend at the counter.
        schedule: 'quarterly',
      },
      'incremental',
    ],
  ];
  await repo.transaction(async (tx) => {
    for (const [name, settings, mode] of agreements) {
      const s = validateAgreement(settings);
      const terms = validateTerms(TERMS(mode), 'net_amount');
      if (!s.ok || !terms.ok) throw new Error('demo agreement is invalid');
      const id = await repo.insertAgreement(
        business.id,
        { name, settings: s.value, companyIds: companiesOf(s.value) },
        jan1,
        tx,
      );
      await repo.insertVersion(
        business.id,
        id,
        { version: 1, effectiveFrom: year.startDate, terms: terms.value },
        jan1,
        tx,
      );
    }
  });

  // Fortnightly orders since 1 January: each buyer 20-25 kg of beans; one grinder (excluded from the scope).
  const pos = app.get(PurchaseService);
  const till = { kind: 'staff' as const, businessId: business.id, staffId: owner.id, role: 'owner' as const };
  let count = 0;
  for (let at = jan1.getTime() + 3 * 86_400_000; at < now.getTime() - 3_600_000; at += 14 * 86_400_000) {
    for (const [i, [m]] of buyers.entries()) {
      const kg = 20 + ((count + i) % 6);
      const lines = [
        { lineId: '1', sku: 'ESPRESSO-1KG', category: 'beans', quantity: kg, unitPrice: 2400 },
        ...(count === 3
          ? [{ lineId: '2', sku: 'GRINDER', category: 'equipment', quantity: 1, unitPrice: 89000 }]
          : []),
      ];
      await pos.recordPurchase(till, {
        transactionId: `ROAST-${++count}`,
        member: { memberNumber: String(m.memberNumber) },
        occurredAt: new Date(at + i * 3_600_000).toISOString(),
        total: lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0),
        lines,
      });
    }
  }
  // Accrue now (the worker would do the same a moment later; it skips what is already applied).
  const consumer = app.get(RebateAccrualConsumer);
  const events = await eventIdsOfTypes(repo.pool, business.id, consumer.types);
  for (const id of events) await consumeEvent(repo.pool, consumer, business.id, id);
  // The scheduled run the cron (rebates:settle) would make now: the pooled agreement's latest
  // quarterly interim, paid into the offices' store credit; Priya then pays part of an order with it.
  const runs = await app.get(RebatesService).runSchedule(business.id);
  const paid = runs.find((r) => r.settlement)?.settlement;
  if (paid) {
    const priya = buyers[2][0];
    const credit = app.get(StoreCreditService);
    const { balance } = await credit.balance(business.id, { memberId: priya.id });
    if (balance > 5000)
      await credit.spend(business.id, { idempotencyKey: 'demo-credit-1', memberId: priya.id, amount: 5000 });
  }
  say(
    `rebate demo created: Demo Roastery with 3 company customers, ${buyers.length} buyers, 2 agreements (${localDateOf(jan1, tz)} on) and ${count} orders${paid ? `; scheduled interim ${paid.number} paid ${paid.amount} into the offices' store credit` : ''}`,
  );
}

const companiesOf = (a: RebateAgreement): string[] =>
  a.assignment.kind === 'company' ? [a.assignment.companyId] : a.assignment.companyIds;
