import type { INestApplication } from '@nestjs/common';
import { Clock } from '@regulars/core';
import { birthdaysOn } from '@regulars/tiers';
import { MembersService } from '../members/members.service';
import { RulesService } from '../rules/rules.service';
import { BirthdayBonusService } from '../tiers/birthday-bonus';
import { ClubService } from '../tiers/club.service';
import { TierEvaluationService } from '../tiers/tier-sync';
import { TiersService } from '../tiers/tiers.service';

/**
 * The demo café's tier program: net spend in the calendar year, Silver from
 * €28 and Gold from €45 (small figures so that the seeded purchases put
 * members in every tier: Ana in Member, €3.10 short of Silver; Ben and Chloé
 * in Silver; Dmitri and Emma in Gold). Gift cards do not qualify.
 */
export const DEMO_TIERS = {
  basis: 'spend',
  window: { kind: 'calendar_year' },
  exclusions: { skus: ['GIFT-CARD'], categories: [] },
  holdPeriods: 1,
  downgrade: 'one_step',
  graceDays: 0,
  returnsCanDowngrade: false,
  tiers: [
    { id: 'member', name: 'Member', reach: 0, keep: 0 },
    {
      id: 'silver',
      name: 'Silver',
      reach: 2800,
      keep: 2000,
      benefits: { multiplierBp: 12500, reachBonusPoints: 20, birthdayBonusPoints: 10 },
    },
    {
      id: 'gold',
      name: 'Gold',
      reach: 4500,
      keep: 3500,
      benefits: { multiplierBp: 15000, reachBonusPoints: 50, birthdayBonusPoints: 25 },
    },
  ],
};

export const DEMO_CLUB_WORDING =
  'I want to join the Café Insiders: 10 % more points on every visit, a birthday treat, and news of tastings by email.';

/**
 * Publishes the demo tier program (in force now) and evaluates every member
 * at once from their purchase history, so the counter, /me and the console
 * show tiers from the first start. Also: a Gold-only reward ("Gold: cake on
 * the house", locked for everyone below Gold), birthday bonuses per tier, and
 * the open club "Café Insiders" (Ben and Dmitri joined at the counter, Emma
 * in the app; Ana can join on /me) with its own birthday bonus; Chloé's
 * birthday is today, so her birthday bonus is in her history. Returns the
 * members per tier ("Member 1, Silver 2, Gold 2").
 */
export async function seedDemoTiers(
  app: INestApplication,
  businessId: string,
  ownerId: string,
): Promise<string> {
  const gold = await app.get(RulesService).createReward(businessId, {
    name: 'Gold: cake on the house',
    cost: { kind: 'points', points: 20 },
    benefit: { kind: 'amount_off', amount: 450 },
  });
  const program = {
    ...DEMO_TIERS,
    tiers: DEMO_TIERS.tiers.map((t) =>
      t.id === 'gold' ? { ...t, benefits: { ...t.benefits, rewardIds: [gold.id] } } : t,
    ),
  };
  await app.get(TiersService).publish(businessId, ownerId, program);
  await app.get(TierEvaluationService).runOnce();
  const clubs = app.get(ClubService);
  await clubs.configure(businessId, ownerId, {
    name: 'Café Insiders',
    access: { kind: 'open' },
    consentWording: DEMO_CLUB_WORDING,
    benefits: { multiplierBp: 11000, reachBonusPoints: 10, birthdayBonusPoints: 15 },
  });
  const members = app.get(MembersService);
  const byNumber = async (n: string) => (await members.getByNumber(businessId, n)).id;
  const now = app.get(Clock).now();
  const today = birthdaysOn(now, 'Europe/Berlin').monthDays[0];
  await members.update(businessId, await byNumber('100001'), { birthday: '1994-09-12' });
  await members.update(businessId, await byNumber('100003'), { birthday: `1992-${today}` });
  await members.update(businessId, await byNumber('100004'), { birthday: '1985-05-30' });
  for (const n of ['100002', '100004'])
    await clubs.optIn(
      businessId,
      await byNumber(n),
      { consentWording: DEMO_CLUB_WORDING },
      'counter',
      ownerId,
    );
  await clubs.optIn(businessId, await byNumber('100005'), { consentWording: DEMO_CLUB_WORDING }, 'app', null);
  await app.get(BirthdayBonusService).runOnce(now);
  const preview = await app.get(TiersService).preview(businessId, program, 1);
  return DEMO_TIERS.tiers.map((x) => `${x.name} ${preview.current[x.id] ?? 0}`).join(', ');
}
