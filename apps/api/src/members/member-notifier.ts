import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/config';

/** Why a member is sent a sign-in code. */
export type SignInCodeReason =
  /** A new member joined through the join link. */
  | 'joined'
  /** Someone used the join link with the email or phone of an existing member. */
  | 'already_member'
  /** The member asked for a code (e.g. to claim an account enrolled at the counter). */
  | 'requested';

export interface SignInCodeMessage {
  business: { id: string; name: string; slug: string };
  member: { id: string; firstName: string; email: string | null; phone: string | null };
  code: string;
  expiresAt: Date;
  reason: SignInCodeReason;
}

/**
 * How members are told things (sign-in codes). Messaging (email, SMS) will
 * replace the default implementation by providing another class for this token.
 */
export abstract class MemberNotifier {
  abstract sendSignInCode(message: SignInCodeMessage): Promise<void>;
}

/**
 * Until messaging exists: writes the code to the server log so that a
 * developer (or the shop, on its own machine) can pass it on. In production
 * the code itself is not logged (logs travel further than the counter), only
 * that a code could not be delivered.
 */
@Injectable()
export class LogMemberNotifier extends MemberNotifier {
  private readonly logger = new Logger('MemberNotifier');

  constructor(private readonly config: AppConfig) {
    super();
  }

  async sendSignInCode(m: SignInCodeMessage): Promise<void> {
    const to = m.member.email ?? m.member.phone ?? `member ${m.member.id}`;
    if (this.config.nodeEnv === 'production') {
      this.logger.warn(
        { businessId: m.business.id, memberId: m.member.id, reason: m.reason },
        'sign-in code not delivered: no messaging configured',
      );
      return;
    }
    this.logger.log(
      { businessId: m.business.id, memberId: m.member.id, reason: m.reason },
      `sign-in code for ${to} at ${m.business.slug}: ${m.code} (valid until ${m.expiresAt.toISOString()})`,
    );
    return Promise.resolve();
  }
}
