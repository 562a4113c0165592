import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The owner's dashboard from stored weeks (issue 17, item 8).
 *
 * - `dashboard_postings`: the ledger rows the dashboard counts, one per ledger transaction (points
 *   earns, points spends and captures other than manual debits) or stamp-earn entry, with the
 *   instant they count at; written by the consumer `events:dashboard` (ON CONFLICT DO NOTHING, so
 *   a redelivery adds nothing). An index on (business_id, effective_at) makes one week a range
 *   scan, which ledger_transactions / ledger_entries cannot offer without a new index on the
 *   counter's hot tables.
 * - `dashboard_weeks`: per business and local Monday, the week's figures as last computed,
 *   under which stamp-card sizes, and two counters: `seq` (raised by the consumer whenever it
 *   writes something for that week) and `clean_seq` (the `seq` the stored figures saw). A week
 *   with `clean_seq < seq`, or other card sizes, is recomputed on the next read.
 * - The ledger trigger also writes `ledger.posted` for earns, spends and captures whose key is not
 *   'purchase:...' (the purchase's own postings are found through purchase.recorded), so every
 *   ledger writer reaches the consumer without the counter writing one more event.
 * - An index on redemptions (business_id, created_at) for the top rewards of the window.
 *
 * Fills `dashboard_postings` once from the ledger. Events not yet dispatched still reach the new
 * consumer, whose copies of postings already filled insert nothing (a week is only marked again).
 * FROZEN copies of the function.
 */
const TABLES = `
CREATE TABLE dashboard_postings (
  business_id uuid NOT NULL,
  ledger_transaction_id bigint NOT NULL,
  entry_id bigint NOT NULL DEFAULT 0,
  effective_at timestamptz NOT NULL,
  metric text NOT NULL CHECK (metric IN ('issued', 'redeemed', 'stamps')),
  unit text NOT NULL,
  amount bigint NOT NULL,
  balance_after bigint,
  PRIMARY KEY (business_id, ledger_transaction_id, entry_id)
);
CREATE INDEX ix_dashboard_postings_time ON dashboard_postings (business_id, effective_at);

CREATE TABLE dashboard_weeks (
  business_id uuid NOT NULL,
  week date NOT NULL,
  active_members integer NOT NULL DEFAULT 0,
  purchases integer NOT NULL DEFAULT 0,
  revenue bigint NOT NULL DEFAULT 0,
  points_issued bigint NOT NULL DEFAULT 0,
  points_redeemed bigint NOT NULL DEFAULT 0,
  stamp_cards_completed bigint NOT NULL DEFAULT 0,
  card_sizes jsonb,
  computed_at timestamptz,
  seq bigint NOT NULL DEFAULT 0,
  clean_seq bigint NOT NULL DEFAULT -1,
  PRIMARY KEY (business_id, week)
);

CREATE INDEX ix_redemptions_time ON redemptions (business_id, created_at);
`;

const FILL = `
INSERT INTO dashboard_postings (business_id, ledger_transaction_id, entry_id, effective_at, metric, unit, amount)
SELECT t.business_id, t.id, 0, t.effective_at,
       CASE WHEN t.kind = 'earn' THEN 'issued' ELSE 'redeemed' END, t.unit, t.amount
  FROM ledger_transactions t
 WHERE t.unit = 'points'
   AND (t.kind = 'earn' OR (t.kind IN ('spend', 'capture')
        AND (t.idempotency_key IS NULL OR t.idempotency_key NOT LIKE 'adjustment:%')));

INSERT INTO dashboard_postings (business_id, ledger_transaction_id, entry_id, effective_at, metric, unit, amount, balance_after)
SELECT e.business_id, e.transaction_id, e.id, e.effective_at, 'stamps', a.unit, e.amount, e.available_after
  FROM ledger_entries e
  JOIN ledger_accounts a ON a.business_id = e.business_id AND a.id = e.account_id
  JOIN ledger_transactions t ON t.business_id = e.business_id AND t.id = e.transaction_id
 WHERE a.owner_type = 'member' AND a.unit LIKE 'stamps:%' AND t.kind = 'earn'
   AND e.bucket = 'available' AND e.amount > 0;

`;

const FUNCTION = (kinds: string, types: string, kindField: string) => `
CREATE OR REPLACE FUNCTION events_ledger_transaction()
RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v record;
BEGIN
  SELECT owner_type, owner_id INTO v FROM ledger_accounts WHERE business_id = NEW.business_id AND id = NEW.account_id;
  INSERT INTO domain_events (business_id, type, payload, occurred_at, recorded_at)
  VALUES (NEW.business_id, ${types},
    jsonb_build_object('ledgerTransactionId', NEW.id::text, 'accountId', NEW.account_id::text, 'unit', NEW.unit,
      'ownerType', v.owner_type, 'ownerId', v.owner_id, 'amount', NEW.amount${kindField}),
    NEW.effective_at, NEW.effective_at);
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS ledger_transactions_events ON ledger_transactions;
CREATE TRIGGER ledger_transactions_events AFTER INSERT ON ledger_transactions
  FOR EACH ROW WHEN (${kinds}) EXECUTE FUNCTION events_ledger_transaction();
`;

const UP_FUNCTION = FUNCTION(
  `NEW.kind IN ('expire', 'mature') OR (NEW.kind IN ('earn', 'spend', 'capture')
    AND (NEW.idempotency_key IS NULL OR NEW.idempotency_key NOT LIKE 'purchase:%'))`,
  `CASE NEW.kind WHEN 'expire' THEN 'ledger.expired' WHEN 'mature' THEN 'ledger.matured' ELSE 'ledger.posted' END`,
  `, 'kind', NEW.kind`,
);

const DOWN_FUNCTION = FUNCTION(
  `NEW.kind IN ('expire', 'mature')`,
  `CASE NEW.kind WHEN 'expire' THEN 'ledger.expired' ELSE 'ledger.matured' END`,
  ``,
);

export class DashboardWeeks1768960000000 implements MigrationInterface {
  name = 'DashboardWeeks1768960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(TABLES);
    await q.query(UP_FUNCTION);
    await q.query(FILL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(DOWN_FUNCTION);
    await q.query(
      `DROP INDEX IF EXISTS ix_redemptions_time; DROP TABLE IF EXISTS dashboard_weeks; DROP TABLE IF EXISTS dashboard_postings;`,
    );
  }
}
