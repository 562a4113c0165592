import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { Optional } from '../common/optional';
import { IMPORT_FIELDS } from './csv-rows';

export class ImportPurchasesQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'true: check every row and report what would be imported; nothing is written',
  })
  @Optional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description:
      'true: imported purchases of customers linked to a member earn points by the rules version in force at their time (idempotently; points already expired are not awarded). Default false: history earns nothing.',
  })
  @Optional()
  @IsIn(['true', 'false'])
  awardPoints?: 'true' | 'false';

  @ApiPropertyOptional({
    example: 'purchase_id=Receipt,customer_id=Client,date=Sold at,amount=Total',
    description: `Column mapping field=Header, separated by commas; fields: ${IMPORT_FIELDS.join(', ')}. Unnamed fields are read from a column of their own name.`,
    maxLength: 1000,
  })
  @Optional()
  @IsString()
  @Length(1, 1000)
  mapping?: string;

  @ApiPropertyOptional({
    example: 'old-till-2024.csv',
    description: 'Name of the upload; a run resumes the last unfinished run of the same name',
    maxLength: 200,
  })
  @Optional()
  @IsString()
  @Length(1, 200)
  // eslint-disable-next-line no-control-regex
  @Matches(/^[^\u0000-\u001f\u007f]+$/, { message: 'source must not contain control characters' })
  source?: string;
}

export class ImportBadRowView {
  @ApiProperty({ example: 17, description: 'Line of the file (1 = header)' })
  line: number;

  @ApiProperty({ enum: [...IMPORT_FIELDS, 'row'] })
  field: string;

  @ApiProperty({ example: 'not a calendar date' })
  problem: string;
}

export class ImportReportView {
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The import record (null on a dry run)',
  })
  importId: string | null;

  @ApiProperty()
  dryRun: boolean;

  @ApiProperty({ enum: ['completed', 'failed', 'dry-run'] })
  state: 'completed' | 'failed' | 'dry-run';

  @ApiProperty({ description: 'Data rows read (header excluded)' })
  rowsRead: number;

  @ApiProperty({ description: 'New purchases written (dry run: that would be written)' })
  purchasesImported: number;

  @ApiProperty({ description: 'Good rows whose purchase id was already imported: left unchanged' })
  purchasesExisting: number;

  @ApiProperty({ description: 'Customers created (dry run: that would be created)' })
  customersCreated: number;

  @ApiProperty()
  rowsRejected: number;

  @ApiProperty({
    type: [ImportBadRowView],
    description: 'Every problem of every rejected row (up to 10,000)',
  })
  badRows: ImportBadRowView[];

  @ApiProperty({ description: 'More bad rows than listed' })
  badRowsTruncated: boolean;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The unfinished run this one resumed',
  })
  resumedFrom: string | null;

  @ApiProperty({ description: 'Lines already committed by the resumed run, skipped' })
  linesSkipped: number;

  @ApiProperty({ nullable: true, type: String, description: 'Why the run failed' })
  error: string | null;

  @ApiProperty({ description: 'Points awarded by this run (awardPoints=true)' })
  pointsAwarded: number;

  @ApiProperty({ description: 'Purchases that earned them' })
  purchasesAwarded: number;

  @ApiProperty({ description: 'Points whose expiry date had already passed: not awarded' })
  pointsAlreadyExpired: number;
}

export class ImportRecordView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  source: string;

  @ApiProperty({ enum: ['running', 'completed', 'failed', 'resumed'] })
  state: string;

  @ApiProperty({ description: 'Last line of the file whose batch is committed' })
  committedLine: number;

  @ApiProperty()
  rowsRead: number;

  @ApiProperty()
  purchasesImported: number;

  @ApiProperty()
  purchasesExisting: number;

  @ApiProperty()
  customersCreated: number;

  @ApiProperty()
  rowsRejected: number;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  resumedFrom: string | null;

  @ApiProperty({ nullable: true, type: String })
  error: string | null;

  @ApiProperty({ format: 'date-time' })
  startedAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  finishedAt: string | null;
}

export class ImportRecordListView {
  @ApiProperty({ type: [ImportRecordView] })
  items: ImportRecordView[];
}
