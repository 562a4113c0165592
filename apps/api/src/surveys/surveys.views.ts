import { ApiProperty } from '@nestjs/swagger';

export class NpsSummaryView {
  @ApiProperty() responses: number;
  @ApiProperty({ description: 'Answers 9-10' }) promoters: number;
  @ApiProperty({ description: 'Answers 7-8' }) passives: number;
  @ApiProperty({ description: 'Answers 0-6' }) detractors: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: '% promoters − % detractors (−100..100), one decimal; null without answers',
  })
  nps: number | null;
}

export class NpsMonthView extends NpsSummaryView {
  @ApiProperty({ example: '2026-03' }) month: string;
}

export class NpsRowView extends NpsMonthView {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) locationId: string | null;
  @ApiProperty({ example: 'Main street' }) locationName: string;
}

export class SurveyResultsView {
  @ApiProperty({ example: 'Europe/Berlin', description: 'Months are counted in this zone' }) timeZone: string;
  @ApiProperty({ example: '2026-01' }) from: string;
  @ApiProperty({ example: '2026-12' }) to: string;
  @ApiProperty({ type: NpsSummaryView }) total: NpsSummaryView;
  @ApiProperty({ type: [NpsMonthView], description: 'Months with answers, oldest first' })
  months: NpsMonthView[];
  @ApiProperty({ type: [NpsRowView], description: 'Per month and location' }) rows: NpsRowView[];
}

export class SurveyResponseView {
  @ApiProperty({ format: 'uuid' }) purchaseId: string;
  @ApiProperty({ format: 'uuid' }) memberId: string;
  @ApiProperty() memberName: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) locationId: string | null;
  @ApiProperty({ nullable: true, type: String }) locationName: string | null;
  @ApiProperty({
    enum: ['message', 'receipt'],
    description: 'Answered from the e-mail link or with a receipt code',
  })
  source: string;
  @ApiProperty({ minimum: 0, maximum: 10 }) score: number;
  @ApiProperty({ enum: ['promoter', 'passive', 'detractor'] }) category: string;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty({ format: 'date-time' }) answeredAt: string;
}

export class SurveyResponsesView {
  @ApiProperty({ type: [SurveyResponseView], description: 'Newest first' }) items: SurveyResponseView[];
}

/** The survey behind a link, as the member sees it. */
export class PublicSurveyView {
  @ApiProperty() shopName: string;
  @ApiProperty() firstName: string;
  @ApiProperty({ nullable: true, type: String }) locationName: string | null;
  @ApiProperty() question: string;
  @ApiProperty() answered: boolean;
  @ApiProperty({ nullable: true, type: Number }) score: number | null;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) answeredAt: string | null;
}
