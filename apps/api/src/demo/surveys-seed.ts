import type { INestApplication } from '@nestjs/common';
import { SurveysService } from '../surveys/surveys.service';
import { SurveysRepository } from '../surveys/surveys.repository';

/** The demo café's survey answers: two promoters, a passive and two detractors with comments. */
export const DEMO_SURVEY_ANSWERS: { memberNumber: string; score: number; comment: string | null }[] = [
  { memberNumber: '100001', score: 10, comment: 'Best flat white in town, and the staff know my order.' },
  { memberNumber: '100002', score: 9, comment: null },
  { memberNumber: '100003', score: 8, comment: 'Nice, but it gets crowded at lunchtime.' },
  { memberNumber: '100004', score: 3, comment: 'Waited 15 minutes for a coffee on Saturday.' },
  { memberNumber: '100005', score: 6, comment: 'The croissants were sold out again at 10.' },
];

/**
 * Answers the survey for the demo members' latest purchases, through the same
 * path as a member with a receipt code (so the detractors land on the call
 * list). Returns how many answers were written.
 */
export async function seedDemoSurveys(
  app: INestApplication,
  businessId: string,
  slug: string,
): Promise<number> {
  const repo = app.get(SurveysRepository);
  const surveys = app.get(SurveysService);
  let n = 0;
  for (const a of DEMO_SURVEY_ANSWERS) {
    const code = await repo.latestReceiptCode(businessId, a.memberNumber);
    if (!code) continue;
    await surveys.answerByReceipt(slug, code, a.score, a.comment ?? undefined);
    n++;
  }
  return n;
}
