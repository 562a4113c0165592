import { Injectable } from '@nestjs/common';

/** Why a member is on the call list besides the retention model (today: a survey detractor). */
export interface CallListFlag {
  memberId: string;
  kind: 'survey';
  /** The answer 0-10. */
  score: number;
  comment: string | null;
  at: Date;
}

export type CallListSource = (businessId: string) => Promise<CallListFlag[]>;

/**
 * Other modules add members to the at-risk call list through this registry
 * (the surveys module registers its detractors at start-up). A flag stays on
 * the list until a call is recorded after it.
 */
@Injectable()
export class CallListHooks {
  private readonly sources: CallListSource[] = [];

  register(source: CallListSource): void {
    this.sources.push(source);
  }

  /** The latest flag per member over every source. */
  async flags(businessId: string): Promise<Map<string, CallListFlag>> {
    const out = new Map<string, CallListFlag>();
    for (const source of this.sources)
      for (const f of await source(businessId)) {
        const seen = out.get(f.memberId);
        if (!seen || seen.at < f.at) out.set(f.memberId, f);
      }
    return out;
  }
}
