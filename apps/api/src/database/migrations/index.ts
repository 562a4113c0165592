import type { MigrationInterface } from 'typeorm';
import { Initial1763000000000 } from './1763000000000-Initial';
import { Loyalty1765000000000 } from './1765000000000-Loyalty';
import { PurchaseCall1766000000001 } from './1766000000001-PurchaseCall';
import { PurchaseCallChecks1766000000002 } from './1766000000002-PurchaseCallChecks';
import { MemberSignInCodes1767100000000 } from './1767100000000-MemberSignInCodes';
import { DomainEvents1767200000000 } from './1767200000000-DomainEvents';
import { CounterLimitsReceipts1767300000000 } from './1767300000000-CounterLimitsReceipts';
import { Products1767300000001 } from './1767300000001-Products';
import { ConsentSource1767300000002 } from './1767300000002-ConsentSource';
import { MemberSessions1767300000003 } from './1767300000003-MemberSessions';
import { PointAdjustments1767400000000 } from './1767400000000-PointAdjustments';
import { Messaging1767500000000 } from './1767500000000-Messaging';
import { Rebates1767600000000 } from './1767600000000-Rebates';
import { Tiers1767700000000 } from './1767700000000-Tiers';
import { TierManualStatus1767700000001 } from './1767700000001-TierManualStatus';
import { HistoryImport1767800000000 } from './1767800000000-HistoryImport';
import { DefectionCalls1767800000001 } from './1767800000001-DefectionCalls';
import { PurchaseCallArgument1768100000000 } from './1768100000000-PurchaseCallArgument';
import { TierClub1768200000000 } from './1768200000000-TierClub';
import { RebateScheduledRuns1768300000000 } from './1768300000000-RebateScheduledRuns';
import { RetentionSummaries1768400000000 } from './1768400000000-RetentionSummaries';
import { MessageHoldouts1768500000000 } from './1768500000000-MessageHoldouts';
import { PurchaseClubCheck1768950000000 } from './1768950000000-PurchaseClubCheck';
import { DashboardWeeks1768960000000 } from './1768960000000-DashboardWeeks';
import { DashboardWeeksTimeZone1768960000001 } from './1768960000001-DashboardWeeksTimeZone';
import { TierStoredView1768970000000 } from './1768970000000-TierStoredView';
import { Surveys1768600000000 } from './1768600000000-Surveys';
import { RetentionCustomerHistories1768800000000 } from './1768800000000-RetentionCustomerHistories';

type MigrationClass = new () => MigrationInterface;

/**
 * Every app migration, in order (the ledger library's own come from
 * @regulars/ledger). New ones come from `npm run migration:generate -- <Name>`.
 */
export const APP_MIGRATIONS: MigrationClass[] = [
  Initial1763000000000,
  Loyalty1765000000000,
  PurchaseCall1766000000001,
  PurchaseCallChecks1766000000002,
  MemberSignInCodes1767100000000,
  DomainEvents1767200000000,
  CounterLimitsReceipts1767300000000,
  Products1767300000001,
  ConsentSource1767300000002,
  MemberSessions1767300000003,
  PointAdjustments1767400000000,
  Messaging1767500000000,
  Rebates1767600000000,
  Tiers1767700000000,
  TierManualStatus1767700000001,
  HistoryImport1767800000000,
  DefectionCalls1767800000001,
  PurchaseCallArgument1768100000000,
  TierClub1768200000000,
  RebateScheduledRuns1768300000000,
  RetentionSummaries1768400000000,
  MessageHoldouts1768500000000,
  Surveys1768600000000,
  RetentionCustomerHistories1768800000000,
  PurchaseClubCheck1768950000000,
  DashboardWeeks1768960000000,
  DashboardWeeksTimeZone1768960000001,
  TierStoredView1768970000000,
];
