import { Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { BusinessEntity } from '../businesses/business.entities';
import { MemberEntity } from '../members/member.entities';

/** 'resumed': a later run of the same source took over from its committed line. */
export type HistoryImportState = 'running' | 'completed' | 'failed' | 'resumed';

/**
 * One run of a historical import (CLI or API). Rows are written in batches,
 * each batch in one transaction together with this record's progress
 * (`committed_line`), so the record always says how far the data goes: a run
 * that stopped stays 'running' or 'failed', and the next run of the same
 * source resumes after `committed_line` (its record starts there and the old one becomes 'resumed'). Dry runs write nothing, not even this.
 */
@Entity('history_imports')
@ForeignKey(() => BusinessEntity, ['businessId'], ['id'], { name: 'fk_history_imports_business' })
@Index('ix_history_imports_source', ['businessId', 'source', 'startedAt'])
export class HistoryImportEntity {
  @PrimaryColumn({ type: 'uuid', name: 'business_id' })
  businessId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** File name (CLI) or the name the client gave (API). */
  @Column({ type: 'varchar', length: 200 })
  source: string;

  @Column({ type: 'varchar', length: 16 })
  state: HistoryImportState;

  /** Column mapping used (our field → the file's header). */
  @Column({ type: 'jsonb' })
  mapping: Record<string, string>;

  /** Last line of the file whose batch is committed (0: none). */
  @Column({ type: 'int', name: 'committed_line', default: 0 })
  committedLine: number;

  /** The run this one resumed (its committed lines were skipped). */
  @Column({ type: 'uuid', name: 'resumed_from', nullable: true })
  resumedFrom: string | null;

  @Column({ type: 'int', name: 'rows_read', default: 0 })
  rowsRead: number;

  @Column({ type: 'int', name: 'purchases_imported', default: 0 })
  purchasesImported: number;

  /** Rows whose external id was already imported (earlier run or resumed part). */
  @Column({ type: 'int', name: 'purchases_existing', default: 0 })
  purchasesExisting: number;

  @Column({ type: 'int', name: 'customers_created', default: 0 })
  customersCreated: number;

  @Column({ type: 'int', name: 'rows_rejected', default: 0 })
  rowsRejected: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Column({ type: 'timestamptz', name: 'started_at' })
  startedAt: Date;

  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true })
  finishedAt: Date | null;
}

/** A customer known from imported history (the old till's customer id). */
@Entity('history_customers')
@ForeignKey(() => BusinessEntity, ['businessId'], ['id'], { name: 'fk_history_customers_business' })
@ForeignKey(() => MemberEntity, ['businessId', 'memberId'], ['businessId', 'id'], {
  name: 'fk_history_customers_member',
})
@Index('uq_history_customers_external', ['businessId', 'externalId'], { unique: true })
@Index('ix_history_customers_member', ['businessId', 'memberId'])
export class HistoryCustomerEntity {
  @PrimaryColumn({ type: 'uuid', name: 'business_id' })
  businessId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100, name: 'external_id' })
  externalId: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  /** The member with the same email in this business, when there is one at import time. */
  @Column({ type: 'uuid', name: 'member_id', nullable: true })
  memberId: string | null;

  @Column({ type: 'uuid', name: 'import_id' })
  importId: string;
}

/**
 * A purchase from imported history. Read by the reports and models together
 * with live purchases; never posted to the points ledger.
 */
@Entity('history_purchases')
@ForeignKey(() => HistoryCustomerEntity, ['businessId', 'customerId'], ['businessId', 'id'], {
  name: 'fk_history_purchases_customer',
})
@ForeignKey(() => HistoryImportEntity, ['businessId', 'importId'], ['businessId', 'id'], {
  name: 'fk_history_purchases_import',
})
@Index('uq_history_purchases_external', ['businessId', 'externalId'], { unique: true })
@Index('ix_history_purchases_customer_time', ['businessId', 'customerId', 'occurredAt'])
@Index('ix_history_purchases_time', ['businessId', 'occurredAt'])
export class HistoryPurchaseEntity {
  @PrimaryColumn({ type: 'uuid', name: 'business_id' })
  businessId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100, name: 'external_id' })
  externalId: string;

  @Column({ type: 'uuid', name: 'customer_id' })
  customerId: string;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt: Date;

  /** Minor units of the business currency, ≥ 0. */
  @Column({ type: 'bigint' })
  amount: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  sku: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  category: string | null;

  @Column({ type: 'uuid', name: 'import_id' })
  importId: string;
}
