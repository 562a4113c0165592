import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, Repository } from 'typeorm';
import { Db, type Tx } from '../database/db';
import { MemberSignInCodeEntity } from './member.entities';

/** Members' one-time sign-in codes (stored as HMACs). */
@Injectable()
export class SignInCodeRepository {
  constructor(
    @InjectRepository(MemberSignInCodeEntity) private readonly repo: Repository<MemberSignInCodeEntity>,
    private readonly db: Db,
  ) {}

  /** Codes issued to the member after `since`. */
  countIssuedSince(businessId: string, memberId: string, since: Date, tx?: Tx): Promise<number> {
    return this.db
      .orm(tx)
      .getRepository(MemberSignInCodeEntity)
      .countBy({ businessId, memberId, createdAt: MoreThan(since) });
  }

  /** Marks the member's unused codes as used (a new code replaces them). */
  async spendUnused(businessId: string, memberId: string, at: Date, tx?: Tx): Promise<void> {
    await this.db
      .orm(tx)
      .getRepository(MemberSignInCodeEntity)
      .update({ businessId, memberId, usedAt: IsNull() }, { usedAt: at });
  }

  async insert(
    businessId: string,
    values: Omit<MemberSignInCodeEntity, 'businessId' | 'id'>,
    tx?: Tx,
  ): Promise<void> {
    await this.db
      .orm(tx)
      .getRepository(MemberSignInCodeEntity)
      .insert({ ...values, businessId });
  }

  /**
   * One statement: counts a guess against the member's live code and spends the code when
   * the hash matches (two racing correct guesses cannot both succeed; racing wrong guesses
   * cannot exceed the limit). Returns the code's hash and whether it is now used, or null
   * when there is no live code.
   */
  async guess(
    businessId: string,
    memberId: string,
    givenHash: string,
    now: Date,
    maxAttempts: number,
  ): Promise<{ code_hash: string; used_at: Date | null } | null> {
    const r = await this.db.pool.query<{ code_hash: string; used_at: Date | null }>(
      `UPDATE member_sign_in_codes c
          SET attempts = c.attempts + CASE WHEN c.code_hash = $3 THEN 0 ELSE 1 END,
              used_at = CASE WHEN c.code_hash = $3 THEN $4::timestamptz ELSE NULL END
        WHERE c.business_id = $1 AND c.member_id = $2 AND c.used_at IS NULL
          AND c.expires_at > $4 AND c.attempts < $5
        RETURNING c.code_hash, c.used_at`,
      [businessId, memberId, givenHash, now, maxAttempts],
    );
    return r.rows[0] ?? null;
  }
}
