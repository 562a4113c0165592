import type { INestApplication } from '@nestjs/common';
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

/**
 * Publishes the demo tier program (in force now) and evaluates every member
 * at once from their purchase history, so the counter, /me and the console
 * show tiers from the first start. Returns the members per tier ("Member 1, Silver 2, Gold 2").
 */
export async function seedDemoTiers(
  app: INestApplication,
  businessId: string,
  ownerId: string,
): Promise<string> {
  await app.get(TiersService).publish(businessId, ownerId, DEMO_TIERS);
  await app.get(TierEvaluationService).runOnce();
  const preview = await app.get(TiersService).preview(businessId, DEMO_TIERS, 1);
  return DEMO_TIERS.tiers.map((x) => `${x.name} ${preview.current[x.id] ?? 0}`).join(', ');
}
