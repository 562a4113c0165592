import { Injectable } from '@nestjs/common';
import { Clock, NotFoundError } from '@regulars/core';
import { ProgramRepository } from './program.repository';
import { RetentionDataRepository } from './retention-data.repository';
import type { ProgramReportView } from './program.dto';

const fmt = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`;

/** First day of the month 11 months before `day`'s month. */
function yearStart(day: string): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 11;
  const d = new Date(Date.UTC(y, m - 1, 1));
  return d.toISOString().slice(0, 10);
}

/**
 * Points liability, breakage and program cost: what the points members hold
 * are worth, how much of them history says will be redeemed, and what the
 * rewards cost against what members spend.
 */
@Injectable()
export class ProgramReportService {
  constructor(
    private readonly repo: ProgramRepository,
    private readonly data: RetentionDataRepository,
    private readonly clock: Clock,
  ) {}

  async report(businessId: string): Promise<ProgramReportView> {
    const now = this.clock.now();
    const b = await this.data.today(businessId, now);
    if (!b) throw new NotFoundError('Business');
    const asOf = b.today;
    const from = yearStart(asOf);
    const cur = b.currency;
    const [position, breakage, costs, rewards, revenue] = await Promise.all([
      this.repo.pointsPosition(businessId),
      this.repo.breakage(businessId, now),
      this.repo.redemptionCosts(businessId, from, asOf),
      this.repo.pointRewards(businessId),
      this.repo.memberRevenue(businessId, from, asOf),
    ]);
    // Points on lapsed lots the settle run has not expired yet are no longer owed.
    const outstanding = position.available + position.pending + position.held - breakage.expiredUnsettled;

    // The value of a point: what points redemptions of the period gave away per point, else the active rewards' mean.
    const pts = costs.filter((c) => c.unit === 'points');
    const ptsSpent = pts.reduce((s, c) => s + c.cost, 0);
    const ptsMoney = pts.reduce((s, c) => s + c.money, 0);
    const faces = rewards.filter((r) => r.faceValue !== null && r.points > 0);
    let pointValue: ProgramReportView['pointValue'];
    if (ptsSpent > 0) {
      pointValue = {
        minorUnitsPerPoint: ptsMoney / ptsSpent,
        method: 'redemptions',
        explanation: `${fmt(ptsMoney, cur)} given away for ${ptsSpent} points redeemed from ${from} to ${asOf}`,
      };
    } else if (faces.length) {
      const rate = faces.reduce((s, r) => s + r.faceValue! / r.points, 0) / faces.length;
      pointValue = {
        minorUnitsPerPoint: rate,
        method: 'rewards',
        explanation:
          'no points redeemed in the period; mean face value per point of the active rewards: ' +
          faces.map((r) => `${r.name} ${fmt(r.faceValue!, cur)} / ${r.points} points`).join(', '),
      };
    } else {
      pointValue = {
        minorUnitsPerPoint: null,
        method: 'none',
        explanation: 'no points redeemed in the period and no active points reward with a fixed value',
      };
    }
    const v = pointValue.minorUnitsPerPoint;
    const rate = breakage.lapsedIssued > 0 ? breakage.expired / breakage.lapsedIssued : null;
    const expectedPoints = Math.round(outstanding * (1 - (rate ?? 0)));
    const money = costs.reduce((s, c) => s + c.money, 0);
    return {
      asOf,
      currency: cur,
      from,
      to: asOf,
      definition:
        `Outstanding: the points members hold now (available, pending and held; points on lapsed lots not yet ` +
        `expired by the settle run left out). Point value: what the points ` +
        `redemptions of ${from} to ${asOf} gave away per point (recorded discounts; the reward's face value when it was ` +
        `redeemed without a purchase), else the mean face value per point of the active points rewards. Liability: ` +
        `outstanding × point value. Breakage: of the points in lots whose expiry date has passed, the share that ` +
        `expired unused (settled expiries plus what is left on lapsed lots not settled yet). Expected redemption: ` +
        `outstanding × (1 − breakage rate); with no lapsed lot yet, all of it. Program cost: what the rewards redeemed ` +
        `in the period gave away, against what members spent in it (live purchases net of returns and imported ` +
        `history linked to them). Amounts in minor units of ${cur}.`,
      outstanding: { points: outstanding, ...position },
      pointValue,
      liability: {
        value: v === null ? null : Math.round(outstanding * v),
        arithmetic:
          v === null
            ? `${outstanding} points; no point value`
            : `${outstanding} points × ${(v / 100).toFixed(4)} ${cur} = ${fmt(Math.round(outstanding * v), cur)}`,
      },
      breakage: { ...breakage, rate },
      expectedRedemption: {
        points: expectedPoints,
        value: v === null ? null : Math.round(expectedPoints * v),
        arithmetic:
          `${outstanding} points × (1 − ${rate === null ? '0 (no lot has lapsed yet)' : rate.toFixed(4)}) = ${expectedPoints} points` +
          (v === null
            ? ''
            : ` × ${(v / 100).toFixed(4)} ${cur} = ${fmt(Math.round(expectedPoints * v), cur)}`),
      },
      cost: {
        rewards: costs,
        redemptions: costs.reduce((s, c) => s + c.redemptions, 0),
        money,
        memberRevenue: revenue.revenue,
        members: revenue.members,
        costShare: revenue.revenue > 0 ? money / revenue.revenue : null,
      },
    };
  }
}
