import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock, ConflictError, DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import { npsBy, npsCategory, npsOf, type NpsSummary } from '@regulars/retention';
import { AppConfig } from '../config/config';
import { MessagingService } from '../messaging/messaging.service';
import { CallListHooks } from '../retention/call-list.hooks';
import { SurveysRepository, type InvitationContext, type Queryable } from './surveys.repository';
import { SURVEY_TOKEN, SurveyTokens } from './survey-tokens';

/** At most one survey invitation per member in this many days. */
export const SURVEY_INTERVAL_DAYS = 90;
/** A purchase recorded later than this many days after it happened (a late or imported sale) gets no invitation. */
export const INVITE_MAX_AGE_DAYS = 7;
/** A receipt code can be used to answer this many days after the purchase. */
export const RECEIPT_SURVEY_DAYS = 30;
export const COMMENT_MAX = 1000;
const DAY_MS = 86_400_000;
const RECEIPT_CODE = /^[0-9A-F]{8}$/;

const invalid = (field: string, problem: string) =>
  new DomainError(ErrorCode.VALIDATION_FAILED, `${field} ${problem}`, {
    fields: [{ field, problems: [problem] }],
  });

/** A score and comment as a person typed them (the HTML form sends strings): checked here, once. */
export function parseAnswer(score: unknown, comment: unknown): { score: number; comment: string | null } {
  const s = typeof score === 'string' && /^(10|[0-9])$/.test(score.trim()) ? Number(score) : score;
  if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s > 10)
    throw invalid('score', 'must be a whole number from 0 to 10');
  if (comment !== undefined && comment !== null && typeof comment !== 'string')
    throw invalid('comment', 'must be text');
  const c = typeof comment === 'string' ? comment.replace(/\r\n/g, '\n').trim() : '';
  if (c.length > COMMENT_MAX) throw invalid('comment', `must be at most ${COMMENT_MAX} characters`);
  return { score: s, comment: c === '' ? null : c };
}

export function normaliseReceiptCode(code: unknown): string {
  const c = typeof code === 'string' ? code.replace(/[\s-]/g, '').toUpperCase() : '';
  if (!RECEIPT_CODE.test(c))
    throw invalid('receiptCode', 'must be the 8-character code printed on the receipt');
  return c;
}

export interface SurveyResults {
  timeZone: string;
  from: string;
  to: string;
  total: NpsSummary;
  months: (NpsSummary & { month: string })[];
  rows: (NpsSummary & { month: string; locationId: string | null; locationName: string })[];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * NPS surveys: invitations after purchases (through MessagingService.send, as
 * a marketing message of type `survey`), answers from the public page by
 * link or receipt code, results by location and month, and detractors on the
 * owner's call list (registered with the retention CallListHooks).
 */
@Injectable()
export class SurveysService implements OnModuleInit {
  readonly tokens: SurveyTokens;

  constructor(
    private readonly repo: SurveysRepository,
    private readonly messaging: MessagingService,
    private readonly hooks: CallListHooks,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.tokens = new SurveyTokens(config.cardSecret);
  }

  onModuleInit(): void {
    this.hooks.register(async (businessId) => {
      const since = new Date(this.clock.now().getTime() - SURVEY_INTERVAL_DAYS * DAY_MS);
      return (await this.repo.latestDetractors(businessId, since)).map((d) => ({
        memberId: d.memberId,
        kind: 'survey' as const,
        score: d.score,
        comment: d.comment,
        at: d.answeredAt,
      }));
    });
  }

  surveyUrl(businessId: string, purchaseId: string): string {
    return `${this.config.publicUrl.replace(/\/+$/, '')}/survey/${this.tokens.sign(businessId, purchaseId)}`;
  }

  receiptUrl(slug: string): string {
    return `${this.config.publicUrl.replace(/\/+$/, '')}/survey/at/${slug}`;
  }

  /**
   * After a purchase (the event consumer, inside its transaction `tx`): invites
   * the member unless the survey template is off, the purchase is more than 7
   * days old (a late or backdated sale), or they had an invitation within 90
   * days of this purchase. The message's idempotency key names the
   * purchase, and the link is the same for the same purchase, so a consumer
   * run again after a rollback finds its message and writes the same row.
   * A message the policy suppresses (no consent, weekly cap) leaves no
   * invitation: a later purchase may invite.
   */
  async inviteAfterPurchase(
    tx: Queryable,
    businessId: string,
    p: { purchaseId: string; memberId: string; locationId: string | null; occurredAt: Date },
  ): Promise<'invited' | 'off' | 'stale' | 'recent' | 'suppressed' | 'exists'> {
    if (this.clock.now().getTime() - p.occurredAt.getTime() > INVITE_MAX_AGE_DAYS * DAY_MS) return 'stale';
    if (!(await this.messaging.template(businessId, 'survey')).enabled) return 'off';
    await this.repo.lockMember(businessId, p.memberId, tx);
    if (await this.repo.invitation(businessId, p.purchaseId, tx)) return 'exists';
    if (await this.repo.invitedNear(businessId, p.memberId, p.occurredAt, SURVEY_INTERVAL_DAYS, tx))
      return 'recent';
    const message = await this.messaging.send({
      businessId,
      memberId: p.memberId,
      type: 'survey',
      channel: 'email',
      variables: { link: this.surveyUrl(businessId, p.purchaseId) },
      idempotencyKey: `survey:${p.purchaseId}`,
      marketing: true,
    });
    if (message.status === 'suppressed') return 'suppressed';
    await this.repo.insertInvitation(
      businessId,
      {
        purchaseId: p.purchaseId,
        memberId: p.memberId,
        locationId: p.locationId,
        source: 'message',
        messageId: message.id,
        invitedAt: p.occurredAt,
      },
      tx,
    );
    return 'invited';
  }

  private verify(token: string) {
    if (!SURVEY_TOKEN.test(token)) throw invalid('token', 'is not a survey link');
    const t = this.tokens.verify(token);
    if (!t) throw new NotFoundError('Survey');
    return t;
  }

  /** The survey behind a link (for the page): 404 for a forged link or an unknown invitation. */
  async byToken(token: string): Promise<InvitationContext> {
    const t = this.verify(token);
    const ctx = await this.repo.context(t.businessId, t.purchaseId);
    if (!ctx) throw new NotFoundError('Survey');
    return ctx;
  }

  /** Answers by link, once: 409 when the invitation was answered before. */
  async answerByToken(token: string, score: unknown, comment: unknown): Promise<InvitationContext> {
    const t = this.verify(token);
    const a = parseAnswer(score, comment);
    const ctx = await this.repo.context(t.businessId, t.purchaseId);
    if (!ctx) throw new NotFoundError('Survey');
    const ok = await this.repo.withMemberLock(t.businessId, ctx.memberId, (tx) =>
      this.repo.answer(t.businessId, t.purchaseId, { ...a, at: this.clock.now() }, tx),
    );
    if (!ok) throw new ConflictError('This survey has already been answered', { answeredAt: ctx.answeredAt });
    return (await this.repo.context(t.businessId, t.purchaseId)) as InvitationContext;
  }

  /** The shop behind a receipt-survey page. */
  async shop(slug: string) {
    const b = /^[a-z0-9-]{3,60}$/.test(slug) ? await this.repo.businessBySlug(slug) : null;
    if (!b) throw new NotFoundError('Business');
    return b;
  }

  /**
   * Answers with the code printed on the receipt (within 30 days of the
   * purchase): once per purchase, and not when the member answered any survey
   * in the last 90 days (409 either way).
   */
  async answerByReceipt(slug: string, receiptCode: unknown, score: unknown, comment: unknown) {
    const b = await this.shop(slug);
    const code = normaliseReceiptCode(receiptCode);
    const a = parseAnswer(score, comment);
    const now = this.clock.now();
    const p = await this.repo.purchaseByReceipt(b.id, code);
    if (!p || p.occurredAt.getTime() < now.getTime() - RECEIPT_SURVEY_DAYS * DAY_MS)
      throw new NotFoundError('Receipt');
    const outcome = await this.repo.withMemberLock(b.id, p.memberId, async (tx) => {
      const existing = await this.repo.invitation(b.id, p.id, tx);
      if (existing?.answeredAt) return 'answered' as const;
      if (
        await this.repo.answeredSince(
          b.id,
          p.memberId,
          new Date(now.getTime() - SURVEY_INTERVAL_DAYS * DAY_MS),
          tx,
        )
      )
        return 'recent' as const;
      if (!existing)
        await this.repo.insertInvitation(
          b.id,
          {
            purchaseId: p.id,
            memberId: p.memberId,
            locationId: p.locationId,
            source: 'receipt',
            messageId: null,
            invitedAt: now,
          },
          tx,
        );
      await this.repo.answer(b.id, p.id, { ...a, at: now }, tx);
      return 'ok' as const;
    });
    if (outcome === 'answered') throw new ConflictError('This receipt has already been used for the survey');
    if (outcome === 'recent')
      throw new ConflictError('Thank you — you have already answered our survey recently', {
        intervalDays: SURVEY_INTERVAL_DAYS,
      });
    return (await this.repo.context(b.id, p.id)) as InvitationContext;
  }

  /** NPS by month (in the business zone) and location for months [from, to] (YYYY-MM; default: the last 12). */
  async results(businessId: string, range: { from?: string; to?: string }): Promise<SurveyResults> {
    const b = await this.repo.businessZone(businessId);
    if (!b) throw new NotFoundError('Business');
    const nowMonth = new Intl.DateTimeFormat('en-CA', {
      timeZone: b.time_zone,
      year: 'numeric',
      month: '2-digit',
    })
      .format(this.clock.now())
      .slice(0, 7);
    const to = range.to ?? nowMonth;
    const from = range.from ?? addMonths(to, -11);
    if (!MONTH.test(from)) throw invalid('from', 'must be a month YYYY-MM');
    if (!MONTH.test(to)) throw invalid('to', 'must be a month YYYY-MM');
    if (from > to) throw invalid('from', 'must not be after to');
    if (monthsBetween(from, to) > 120) throw invalid('from', 'the range may span at most 120 months');
    // Month bounds in the business zone, as instants: PostgreSQL converts them.
    const counts = await this.repo.scoreCounts(
      businessId,
      b.time_zone,
      await this.zoneStart(b.time_zone, from),
      await this.zoneStart(b.time_zone, addMonths(to, 1)),
    );
    const rows = npsBy(
      counts.map((c) => ({ key: c, score: c.score, count: c.count })),
      (k) => `${k.month}|${k.locationId ?? ''}`,
    ).map(({ key, summary }) => ({
      month: key.month,
      locationId: key.locationId,
      locationName: key.locationName ?? 'No location',
      ...summary,
    }));
    const months = npsBy(
      counts.map((c) => ({ key: c.month, score: c.score, count: c.count })),
      (k) => k,
    ).map(({ key, summary }) => ({ month: key, ...summary }));
    const t = months.reduce(
      (s, m) => ({ p: s.p + m.promoters, pa: s.pa + m.passives, d: s.d + m.detractors }),
      { p: 0, pa: 0, d: 0 },
    );
    return { timeZone: b.time_zone, from, to, total: npsOf(t.p, t.pa, t.d), months, rows };
  }

  private zoneStart(timeZone: string, month: string): Promise<Date> {
    return this.repo.zoneMonthStart(timeZone, month);
  }

  async responses(
    businessId: string,
    f: { category?: 'promoter' | 'passive' | 'detractor'; limit: number; memberId?: string },
  ) {
    const [minScore, maxScore] =
      f.category === 'promoter'
        ? [9, 10]
        : f.category === 'passive'
          ? [7, 8]
          : f.category === 'detractor'
            ? [0, 6]
            : [0, 10];
    if (f.memberId !== undefined && !(await this.repo.memberExists(businessId, f.memberId)))
      throw new NotFoundError('Member');
    const rows = await this.repo.responses(businessId, {
      minScore,
      maxScore,
      limit: f.limit,
      memberId: f.memberId,
    });
    return rows.map((r) => ({ ...r, category: npsCategory(r.score) }));
  }
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
}

function monthsBetween(from: string, to: string): number {
  const [a, b] = [from, to].map((s) => s.split('-').map(Number));
  return (b[0] - a[0]) * 12 + (b[1] - a[1]);
}
