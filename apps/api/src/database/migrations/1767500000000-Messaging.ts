import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Messaging (issue 18): per-business settings, templates, the consent log,
 * the outbox of messages, the development mailbox and webhooks (endpoints,
 * deliveries, attempts). The tables have no TypeORM entities: the messaging
 * repository owns their SQL. business_id leads every key.
 */
export class Messaging1767500000000 implements MigrationInterface {
  name = 'Messaging1767500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
CREATE TABLE messaging_settings (
  business_id uuid NOT NULL,
  language varchar(35) NOT NULL DEFAULT 'en',
  quiet_start smallint,
  quiet_end smallint,
  weekly_cap integer NOT NULL DEFAULT 3,
  updated_at timestamptz NOT NULL,
  CONSTRAINT pk_messaging_settings PRIMARY KEY (business_id),
  CONSTRAINT fk_messaging_settings_business FOREIGN KEY (business_id) REFERENCES businesses (id),
  CONSTRAINT ck_messaging_settings_quiet CHECK (
    (quiet_start IS NULL AND quiet_end IS NULL)
    OR (quiet_start BETWEEN 0 AND 1439 AND quiet_end BETWEEN 0 AND 1439 AND quiet_start <> quiet_end)),
  CONSTRAINT ck_messaging_settings_cap CHECK (weekly_cap BETWEEN 0 AND 100)
);

CREATE TABLE message_templates (
  business_id uuid NOT NULL,
  type varchar(32) NOT NULL,
  subject varchar(200) NOT NULL,
  text text NOT NULL,
  html text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL,
  CONSTRAINT pk_message_templates PRIMARY KEY (business_id, type),
  CONSTRAINT fk_message_templates_business FOREIGN KEY (business_id) REFERENCES businesses (id)
);

CREATE TABLE consent_log (
  business_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  member_id uuid NOT NULL,
  channel varchar(16) NOT NULL,
  purpose varchar(16) NOT NULL,
  given boolean NOT NULL,
  at timestamptz NOT NULL,
  source varchar(16) NOT NULL,
  wording text NOT NULL,
  actor varchar(80),
  CONSTRAINT pk_consent_log PRIMARY KEY (business_id, id),
  CONSTRAINT fk_consent_log_member FOREIGN KEY (business_id, member_id) REFERENCES members (business_id, id),
  CONSTRAINT ck_consent_log_channel CHECK (channel IN ('email', 'sms', 'webhook')),
  CONSTRAINT ck_consent_log_purpose CHECK (purpose IN ('marketing', 'service'))
);
CREATE INDEX ix_consent_log_member ON consent_log (business_id, member_id, channel, purpose, at DESC);

CREATE TABLE messages (
  business_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  member_id uuid NOT NULL,
  type varchar(32) NOT NULL,
  channel varchar(16) NOT NULL,
  marketing boolean NOT NULL,
  idempotency_key varchar(200) NOT NULL,
  status varchar(16) NOT NULL,
  suppressed_reason varchar(32),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  locked_until timestamptz,
  last_error text,
  recipient varchar(254),
  subject varchar(400) NOT NULL,
  text text NOT NULL,
  html text NOT NULL,
  headers jsonb NOT NULL DEFAULT '{}',
  mail_message_id varchar(200) NOT NULL,
  variables jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  CONSTRAINT pk_messages PRIMARY KEY (business_id, id),
  CONSTRAINT fk_messages_member FOREIGN KEY (business_id, member_id) REFERENCES members (business_id, id),
  CONSTRAINT uq_messages_idempotency UNIQUE (business_id, idempotency_key),
  CONSTRAINT ck_messages_channel CHECK (channel IN ('email', 'sms', 'webhook')),
  CONSTRAINT ck_messages_status CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'dead', 'suppressed'))
);
CREATE INDEX ix_messages_due ON messages (next_attempt_at) WHERE status IN ('queued', 'sending', 'failed');
CREATE INDEX ix_messages_member ON messages (business_id, member_id, created_at);
CREATE INDEX ix_messages_list ON messages (business_id, created_at DESC);

CREATE TABLE dev_mailbox (
  business_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  message_id uuid NOT NULL,
  channel varchar(16) NOT NULL,
  recipient varchar(254),
  subject varchar(400) NOT NULL,
  text text NOT NULL,
  html text NOT NULL,
  headers jsonb NOT NULL,
  delivered_at timestamptz NOT NULL,
  CONSTRAINT pk_dev_mailbox PRIMARY KEY (business_id, id),
  CONSTRAINT fk_dev_mailbox_message FOREIGN KEY (business_id, message_id) REFERENCES messages (business_id, id),
  CONSTRAINT uq_dev_mailbox_message UNIQUE (business_id, message_id)
);
CREATE INDEX ix_dev_mailbox_list ON dev_mailbox (business_id, delivered_at DESC);

CREATE TABLE webhook_endpoints (
  business_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  url varchar(2000) NOT NULL,
  description varchar(200),
  secret varchar(100) NOT NULL,
  created_at timestamptz NOT NULL,
  deleted_at timestamptz,
  CONSTRAINT pk_webhook_endpoints PRIMARY KEY (business_id, id),
  CONSTRAINT fk_webhook_endpoints_business FOREIGN KEY (business_id) REFERENCES businesses (id)
);

CREATE TABLE webhook_deliveries (
  business_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  endpoint_id uuid NOT NULL,
  message_id uuid NOT NULL,
  event_type varchar(64) NOT NULL,
  payload text NOT NULL,
  status varchar(16) NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  locked_until timestamptz,
  last_status_code integer,
  last_error text,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz,
  CONSTRAINT pk_webhook_deliveries PRIMARY KEY (business_id, id),
  CONSTRAINT fk_webhook_deliveries_endpoint FOREIGN KEY (business_id, endpoint_id) REFERENCES webhook_endpoints (business_id, id),
  CONSTRAINT fk_webhook_deliveries_message FOREIGN KEY (business_id, message_id) REFERENCES messages (business_id, id),
  CONSTRAINT uq_webhook_deliveries UNIQUE (business_id, message_id, endpoint_id),
  CONSTRAINT ck_webhook_deliveries_status CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'dead'))
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status IN ('queued', 'sending', 'failed');
CREATE INDEX ix_webhook_deliveries_list ON webhook_deliveries (business_id, created_at DESC);

CREATE TABLE webhook_attempts (
  business_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  delivery_id uuid NOT NULL,
  attempted_at timestamptz NOT NULL,
  status_code integer,
  error text,
  duration_ms integer NOT NULL,
  CONSTRAINT pk_webhook_attempts PRIMARY KEY (business_id, id),
  CONSTRAINT fk_webhook_attempts_delivery FOREIGN KEY (business_id, delivery_id) REFERENCES webhook_deliveries (business_id, id)
);
CREATE INDEX ix_webhook_attempts_delivery ON webhook_attempts (business_id, delivery_id, attempted_at);
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
DROP TABLE dev_mailbox;
DROP TABLE messages;
DROP TABLE consent_log;
DROP TABLE message_templates;
DROP TABLE messaging_settings;
`);
  }
}
