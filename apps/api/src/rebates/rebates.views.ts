import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class BuyerView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) companyId: string;
  @ApiProperty({ format: 'uuid' }) memberId: string;
  @ApiProperty() memberNumber: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Set when the buyer left' })
  endedAt: string | null;
}

export class CompanyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() legalName: string;
  @ApiProperty() taxId: string;
  @ApiProperty() billingName: string;
  @ApiProperty() billingEmail: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: [BuyerView], description: 'Current and former buyers (former ones have endedAt)' })
  buyers: BuyerView[];
}

export class CompanyListView {
  @ApiProperty({ type: [CompanyView] }) items: CompanyView[];
}

export class AgreementVersionView {
  @ApiProperty() version: number;
  @ApiProperty({ example: '2027-01-01' }) effectiveFrom: string;
  @ApiProperty({ type: Object, description: 'RebateTerms of @regulars/rebates (defaults filled)' })
  terms: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class AgreementView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: Object, description: 'RebateAgreement of @regulars/rebates' })
  settings: Record<string, unknown>;
  @ApiProperty({ type: [AgreementVersionView] }) versions: AgreementVersionView[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class AgreementListView {
  @ApiProperty({ type: [AgreementView] }) items: AgreementView[];
}

export class PeriodView {
  @ApiProperty({ example: '2027-01-01' }) key: string;
  @ApiProperty({ example: '2027-01-01' }) startDate: string;
  @ApiProperty({ example: '2027-12-31' }) endDate: string;
  @ApiProperty({ format: 'date-time' }) start: string;
  @ApiProperty({ format: 'date-time', description: 'Exclusive' }) end: string;
}

export class SettlementLineView {
  @ApiProperty({ format: 'uuid' }) companyId: string;
  @ApiProperty({ description: 'Minor units; negative = the company pays back' }) amount: number;
}

export class SettlementView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) agreementId: string;
  @ApiProperty() periodKey: string;
  @ApiProperty() seq: number;
  @ApiProperty({ enum: ['interim', 'final', 'adjustment'] }) stage: string;
  @ApiProperty({ example: 'RB-2027-0001' }) number: string;
  @ApiProperty({ enum: ['store_credit', 'credit_note', 'cash'] }) payout: string;
  @ApiProperty({ description: "The period's rebate when the document was made" }) rebate: number;
  @ApiProperty() alreadyPaid: number;
  @ApiProperty() amount: number;
  @ApiProperty() volume: number;
  @ApiProperty({ type: [SettlementLineView] }) lines: SettlementLineView[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class SettlementListView {
  @ApiProperty({ type: [SettlementView] }) items: SettlementView[];
}

export class SettlementPreviewView {
  @ApiProperty({ format: 'uuid' }) agreementId: string;
  @ApiProperty({ type: PeriodView }) period: PeriodView;
  @ApiProperty({ enum: ['interim', 'final', 'adjustment'] }) stage: string;
  @ApiProperty() volume: number;
  @ApiProperty() rebate: number;
  @ApiProperty() alreadyPaid: number;
  @ApiProperty({ description: 'To pay on this document; 0 = nothing to issue' }) amount: number;
  @ApiProperty({ description: 'Interim only: a shortfall carried to a later document' }) carried: number;
  @ApiProperty({ type: [SettlementLineView] }) lines: SettlementLineView[];
}

export class StatementView {
  @ApiProperty({ format: 'uuid' }) agreementId: string;
  @ApiProperty() agreementName: string;
  @ApiProperty({ type: PeriodView }) period: PeriodView;
  @ApiProperty({
    type: Object,
    description:
      'The statement of @regulars/rebates: version, mode, volume, current bracket, accrued, paid, outstanding, next bracket and its worth, projection',
  })
  statement: Record<string, unknown>;
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: "The viewing company's own net volume in the period (pooled groups)",
  })
  companyVolume?: number | null;
  @ApiProperty({ type: [SettlementView] }) settlements: SettlementView[];
}

export class StatementListView {
  @ApiProperty({ type: [StatementView] }) items: StatementView[];
}

export class MyRebatesView {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: "The buyer's company (null: not a buyer)",
  })
  companyId: string | null;
  @ApiProperty({ type: String, nullable: true }) companyName: string | null;
  @ApiProperty({ type: [StatementView] }) agreements: StatementView[];
}

export class VerifyIssueView {
  @ApiProperty({ format: 'uuid' }) agreementId: string;
  @ApiProperty() periodKey: string;
  @ApiProperty() volume: number;
  @ApiProperty({ description: 'periodRebate(segments, versions) recomputed now' }) expected: number;
  @ApiProperty({ description: 'The accrual account balance in the ledger' }) ledger: number;
  @ApiProperty({ description: 'The accrued total stored with the period' }) accrued: number;
  @ApiProperty({ description: 'Sum of the accrual deltas of the events' }) deltas: number;
}

export class VerifyView {
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: 'Agreement periods checked' }) periods: number;
  @ApiProperty({ type: [VerifyIssueView], description: 'The periods that disagree' })
  violations: VerifyIssueView[];
}

export class ScheduledRunView {
  @ApiProperty({ description: 'The period (its first local day)' }) periodKey: string;
  @ApiProperty({ description: '"interim:<local date>" or "final"' }) runKey: string;
  @ApiProperty({ enum: ['posted', 'nothing_due'] }) outcome: 'posted' | 'nothing_due';
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) settlementId: string | null;
  @ApiProperty({ format: 'date-time' }) ranAt: string;
}

export class ScheduledRunListView {
  @ApiProperty({ type: [ScheduledRunView] }) items: ScheduledRunView[];
}
