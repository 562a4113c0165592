import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository } from 'typeorm';
import type { Tx } from '../database/db';
import { TenantRepository } from '../database/tenant-repository';
import { MemberCardEntity, MemberEntity } from './member.entities';

@Injectable()
export class MemberRepository extends TenantRepository<MemberEntity> {
  constructor(@InjectRepository(MemberEntity) repo: Repository<MemberEntity>) {
    super(repo);
  }

  /**
   * Locks the member row until the end of `tx` (FOR UPDATE; 'no key update' still lets
   * rows referencing the member be inserted): serialises per-member changes.
   */
  async lockForUpdate(
    businessId: string,
    memberId: string,
    tx: Tx,
    strength: 'update' | 'no key update' = 'update',
  ): Promise<void> {
    await tx.client.query(
      strength === 'update'
        ? `SELECT 1 FROM members WHERE business_id = $1 AND id = $2 FOR UPDATE`
        : `SELECT 1 FROM members WHERE business_id = $1 AND id = $2 FOR NO KEY UPDATE`,
      [businessId, memberId],
    );
  }

  findByNumber(businessId: string, memberNumber: string): Promise<MemberEntity | null> {
    return this.repo.findOneBy({ businessId, memberNumber });
  }

  findByEmail(businessId: string, email: string): Promise<MemberEntity | null> {
    return this.repo.findOneBy({ businessId, email });
  }

  /** By normalised phone ("+" and digits). */
  findByPhone(businessId: string, phone: string): Promise<MemberEntity | null> {
    return this.repo.findOneBy({ businessId, phone });
  }

  /**
   * Staff search by name, email, phone or member number, ordered by member number,
   * keyset-paginated (after = last member number seen).
   */
  search(businessId: string, q: string | undefined, limit: number, after?: string): Promise<MemberEntity[]> {
    const qb = this.repo.createQueryBuilder('m').where('m.business_id = :businessId', { businessId });
    const term = q?.trim().toLowerCase();
    if (term) {
      const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const digits = term.replace(/[^0-9]/g, '');
      qb.andWhere(
        new Brackets((w) => {
          w.where('m.search_name LIKE :like', { like }).orWhere('m.email LIKE :like', { like });
          if (digits.length >= 3) {
            w.orWhere('m.phone LIKE :phone', { phone: `%${digits}%` });
          }
          if (/^\d{1,18}$/.test(term)) w.orWhere('m.member_number = :num', { num: term });
        }),
      );
    }
    if (after) qb.andWhere('m.member_number > :after', { after });
    return qb.orderBy('m.member_number', 'ASC').take(limit).getMany();
  }
}

@Injectable()
export class MemberCardRepository extends TenantRepository<MemberCardEntity> {
  constructor(@InjectRepository(MemberCardEntity) repo: Repository<MemberCardEntity>) {
    super(repo);
  }

  findActive(businessId: string, memberId: string, tx?: Tx): Promise<MemberCardEntity | null> {
    return this.r(tx).findOneBy({ businessId, memberId, status: 'active' });
  }

  /** A card with its member, in one query (the counter resolves a scan on every request). */
  listForMember(businessId: string, memberId: string): Promise<MemberCardEntity[]> {
    return this.repo.find({ where: { businessId, memberId }, order: { issuedAt: 'DESC' } });
  }
}
