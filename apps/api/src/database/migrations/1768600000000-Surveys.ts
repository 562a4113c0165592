import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * NPS surveys (issue 18, item 5): one invitation per purchase, created when the
 * survey message is sent (source 'message') or when a member answers with the
 * receipt code (source 'receipt'); the answer (score 0-10, optional comment)
 * is written into the same row, once. No TypeORM entity: the surveys
 * repository owns the SQL. business_id leads every key.
 */
export class Surveys1768600000000 implements MigrationInterface {
  name = 'Surveys1768600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
CREATE TABLE survey_invitations (
  business_id uuid NOT NULL,
  purchase_id uuid NOT NULL,
  member_id uuid NOT NULL,
  location_id uuid,
  source varchar(16) NOT NULL,
  message_id uuid,
  invited_at timestamptz NOT NULL,
  score smallint,
  comment varchar(1000),
  answered_at timestamptz,
  CONSTRAINT pk_survey_invitations PRIMARY KEY (business_id, purchase_id),
  CONSTRAINT fk_survey_invitations_purchase FOREIGN KEY (business_id, purchase_id) REFERENCES purchases (business_id, id),
  CONSTRAINT fk_survey_invitations_member FOREIGN KEY (business_id, member_id) REFERENCES members (business_id, id),
  CONSTRAINT fk_survey_invitations_location FOREIGN KEY (business_id, location_id) REFERENCES locations (business_id, id),
  CONSTRAINT ck_survey_invitations_source CHECK (source IN ('message', 'receipt')),
  CONSTRAINT ck_survey_invitations_score CHECK (score BETWEEN 0 AND 10),
  CONSTRAINT ck_survey_invitations_answer CHECK ((score IS NULL) = (answered_at IS NULL)),
  CONSTRAINT ck_survey_invitations_comment CHECK (comment IS NULL OR score IS NOT NULL)
);
CREATE INDEX ix_survey_invitations_member ON survey_invitations (business_id, member_id, invited_at DESC);
CREATE INDEX ix_survey_invitations_answered ON survey_invitations (business_id, answered_at) WHERE answered_at IS NOT NULL;
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE survey_invitations`);
  }
}
