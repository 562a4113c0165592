import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { Db } from '../database/db';

export interface CreditSpendRow {
  id: string;
  unit: string;
  owner_id: string;
  amount: string;
  reference: string | null;
  metadata: { memberId?: string } | null;
}

/** The look-ups of store-credit spending at the counter (the money moves in the ledger). */
@Injectable()
export class StoreCreditRepository {
  private readonly pool: Pool;

  constructor(db: Db) {
    this.pool = db.pool;
  }

  async memberById(businessId: string, memberId: string): Promise<string | null> {
    const r = await this.pool.query<{ id: string }>(
      `SELECT id FROM members WHERE business_id = $1 AND id = $2`,
      [businessId, memberId],
    );
    return r.rows[0]?.id ?? null;
  }

  async memberByNumber(businessId: string, memberNumber: string): Promise<string | null> {
    const r = await this.pool.query<{ id: string }>(
      `SELECT id FROM members WHERE business_id = $1 AND member_number = $2`,
      [businessId, memberNumber],
    );
    return r.rows[0]?.id ?? null;
  }

  async card(businessId: string, cardId: string): Promise<{ member_id: string; status: string } | null> {
    const r = await this.pool.query<{ member_id: string; status: string }>(
      `SELECT member_id, status FROM member_cards WHERE business_id = $1 AND id = $2`,
      [businessId, cardId],
    );
    return r.rows[0] ?? null;
  }

  async receiptExists(businessId: string, receiptCode: string): Promise<boolean> {
    const r = await this.pool.query(
      `SELECT 1 FROM purchases WHERE business_id = $1 AND receipt_code = $2 LIMIT 1`,
      [businessId, receiptCode],
    );
    return (r.rowCount ?? 0) > 0;
  }

  /** A store-credit spend of the business (ledger transaction of kind spend on a company's credit account). */
  async creditSpend(businessId: string, transactionId: string): Promise<CreditSpendRow | null> {
    const r = await this.pool.query<CreditSpendRow>(
      `SELECT t.id::text, t.unit, a.owner_id, t.amount::text, t.reference, t.metadata
         FROM ledger_transactions t
         JOIN ledger_accounts a ON a.business_id = t.business_id AND a.id = t.account_id
        WHERE t.business_id = $1 AND t.id = $2 AND t.kind = 'spend'
          AND t.unit LIKE 'credit:%' AND a.owner_type = 'customer' AND a.owner_id LIKE 'company:%'`,
      [businessId, transactionId],
    );
    return r.rows[0] ?? null;
  }
}
