import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Domain events through a transactional outbox (docs/ARCHITECTURE.md).
 *
 * - domain_events: the outbox. Every change that others react to writes one
 *   row in the transaction of the change; the worker's relay hands undispatched
 *   rows to the job queue (graphile-worker) and stamps dispatched_at. No
 *   foreign key (the one-call purchase writes a row per purchase: no extra
 *   locked lookup on the hot path); business_id comes from the same statement
 *   that writes the change.
 * - event_consumptions: one row per (consumer, event) applied, written in the
 *   consumer's own transaction with its effect (at-least-once delivery,
 *   exactly-once effect).
 * - daily_business_summaries: the first consumer's projection.
 * - pos_record_purchase, third form: the same checks and writes, plus the
 *   purchase.recorded event (pos_record_purchase_event, which the
 *   multi-statement path calls too). Still one statement.
 * - ledger.expired / ledger.matured: a trigger on ledger_transactions.
 *
 * FROZEN: the function bodies below are copies as of this migration. The
 * current bodies live in apps/api/src/database/sql/*.sql; never import those here.
 */
const UP = `
CREATE TABLE domain_events (
  business_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  type text NOT NULL,
  payload jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  dispatched_at timestamptz,
  PRIMARY KEY (business_id, id)
);
CREATE INDEX domain_events_undispatched ON domain_events (id) WHERE dispatched_at IS NULL;

CREATE TABLE event_consumptions (
  business_id uuid NOT NULL,
  consumer text NOT NULL,
  event_id bigint NOT NULL,
  consumed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (business_id, consumer, event_id)
);

CREATE TABLE daily_business_summaries (
  business_id uuid NOT NULL REFERENCES businesses (id),
  day date NOT NULL,
  purchases integer NOT NULL DEFAULT 0,
  revenue bigint NOT NULL DEFAULT 0,
  returns integer NOT NULL DEFAULT 0,
  points_issued bigint NOT NULL DEFAULT 0,
  points_redeemed bigint NOT NULL DEFAULT 0,
  points_expired bigint NOT NULL DEFAULT 0,
  stamp_cards_completed integer NOT NULL DEFAULT 0,
  new_members integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (business_id, day)
);

CREATE OR REPLACE FUNCTION pos_record_purchase_event(
  p_b uuid, p_id uuid, p_txn text, p_member uuid, p_location uuid, p_occurred timestamptz,
  p_now timestamptz, p_total bigint, p_rule_version integer, p_evaluation jsonb)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE v_points bigint; v_stamps bigint; v_cards bigint;
BEGIN
  SELECT coalesce(sum((x->>'amount')::bigint) FILTER (WHERE x->>'kind' = 'points'), 0),
         coalesce(sum((x->>'amount')::bigint) FILTER (WHERE x->>'kind' = 'stamps'), 0),
         coalesce(sum((x->>'cardsCompleted')::bigint) FILTER (WHERE x->>'kind' = 'stamps'), 0)
    INTO v_points, v_stamps, v_cards
    FROM jsonb_array_elements(coalesce(p_evaluation->'postings', '[]'::jsonb)) x;
  INSERT INTO domain_events (business_id, type, payload, occurred_at, recorded_at)
  VALUES (p_b, 'purchase.recorded', jsonb_build_object(
    'purchaseId', p_id, 'transactionId', p_txn, 'memberId', p_member, 'locationId', p_location,
    'occurredAt', p_occurred, 'total', p_total, 'ruleVersion', p_rule_version,
    'points', v_points, 'stamps', v_stamps, 'stampCardsCompleted', v_cards), p_occurred, p_now);
END $$;

CREATE OR REPLACE FUNCTION pos_record_purchase(
  p_b uuid, p_id uuid, p_txn text, p_member uuid, p_card uuid, p_first text, p_last text,
  p_location uuid, p_actor text, p_occurred timestamptz, p_now timestamptz, p_total bigint, p_hash text,
  p_lines jsonb, p_rule_version integer, p_display_version integer, p_evaluation jsonb,
  p_earns jsonb, p_soon timestamptz, p_before jsonb, p_after jsonb, p_response jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_row record; v_snap jsonb; e jsonb; v_r jsonb; v_bal jsonb := '{}'::jsonb;
BEGIN
  INSERT INTO purchases (business_id, id, transaction_id, member_id, location_id, recorded_by,
    occurred_at, recorded_at, total, request_hash, rule_version, evaluation, response)
  VALUES (p_b, p_id, p_txn, p_member, p_location, p_actor, p_occurred, p_now, p_total, p_hash,
    p_rule_version, p_evaluation, p_response)
  ON CONFLICT (business_id, transaction_id) DO NOTHING;
  IF NOT FOUND THEN
    SELECT request_hash, response INTO v_row FROM purchases WHERE business_id = p_b AND transaction_id = p_txn;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'purchase % was claimed concurrently; retry', p_txn USING ERRCODE = 'LB012';
    END IF;
    IF v_row.request_hash <> p_hash THEN RETURN jsonb_build_object('status', 'conflict'); END IF;
    RETURN jsonb_build_object('status', 'replay', 'response', v_row.response);
  END IF;

  -- Serialises the counter operations of one member (as PosService.lockMember).
  SELECT first_name, last_name INTO v_row FROM members WHERE business_id = p_b AND id = p_member FOR NO KEY UPDATE;
  IF NOT FOUND OR v_row.first_name IS DISTINCT FROM p_first OR v_row.last_name IS DISTINCT FROM p_last THEN
    RAISE EXCEPTION 'the member changed since it was read' USING ERRCODE = 'RG004', DETAIL = 'member';
  END IF;
  IF p_card IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM member_cards
        WHERE business_id = p_b AND id = p_card AND member_id = p_member AND status <> 'revoked') THEN
    RAISE EXCEPTION 'the card changed since it was read' USING ERRCODE = 'RG004', DETAIL = 'card';
  END IF;

  IF pos_rule_version_at(p_b, p_occurred) IS DISTINCT FROM p_rule_version
     OR pos_rule_version_at(p_b, p_now) IS DISTINCT FROM p_display_version THEN
    RAISE EXCEPTION 'rule versions changed' USING ERRCODE = 'RG002';
  END IF;

  v_snap := ledger_holder_snapshot(p_b, 'member', p_member::text, 'points', p_now, p_soon);
  IF v_snap <> p_before THEN
    RAISE EXCEPTION 'balances changed' USING ERRCODE = 'RG001', DETAIL = v_snap::text;
  END IF;

  INSERT INTO purchase_lines (business_id, purchase_id, line_id, sku, category, quantity, unit_price)
  SELECT p_b, p_id, l.line_id, l.sku, l.category, l.quantity, l.unit_price
    FROM jsonb_to_recordset(p_lines) AS l(line_id text, sku text, category text, quantity int, unit_price bigint);

  FOR e IN SELECT value FROM jsonb_array_elements(p_earns) LOOP
    v_r := ledger_earn(p_b, e->>'unit', e->>'ownerType', e->>'ownerId', (e->>'amount')::bigint,
      (e->>'expiresAt')::timestamptz, (e->>'pendingUntil')::timestamptz, (e->>'at')::timestamptz,
      e->>'idempotencyKey', e->>'hash', e->>'reason', e->>'reference', e->'metadata');
    v_bal := v_bal || jsonb_build_object(e->>'unit', jsonb_build_array(
      v_r->'balance'->'available', v_r->'balance'->'pending', v_r->'balance'->'held'));
  END LOOP;

  IF EXISTS (SELECT 1 FROM jsonb_each(v_bal) b WHERE p_after->'balances'->b.key IS DISTINCT FROM b.value) THEN
    RAISE EXCEPTION 'balances after the purchase differ from the prediction' USING ERRCODE = 'RG003',
      DETAIL = v_bal::text;
  END IF;
  PERFORM pos_record_purchase_event(p_b, p_id, p_txn, p_member, p_location, p_occurred, p_now, p_total,
    p_rule_version, p_evaluation);
  RETURN jsonb_build_object('status', 'ok');
END $$;

CREATE OR REPLACE FUNCTION events_ledger_transaction()
RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v record;
BEGIN
  SELECT owner_type, owner_id INTO v FROM ledger_accounts WHERE business_id = NEW.business_id AND id = NEW.account_id;
  INSERT INTO domain_events (business_id, type, payload, occurred_at, recorded_at)
  VALUES (NEW.business_id, CASE NEW.kind WHEN 'expire' THEN 'ledger.expired' ELSE 'ledger.matured' END,
    jsonb_build_object('ledgerTransactionId', NEW.id::text, 'accountId', NEW.account_id::text, 'unit', NEW.unit,
      'ownerType', v.owner_type, 'ownerId', v.owner_id, 'amount', NEW.amount),
    NEW.effective_at, NEW.effective_at);
  RETURN NULL;
END $$;

CREATE TRIGGER ledger_transactions_events AFTER INSERT ON ledger_transactions
  FOR EACH ROW WHEN (NEW.kind IN ('expire', 'mature')) EXECUTE FUNCTION events_ledger_transaction();
`;

/** The second form of pos_record_purchase (1766000000002), frozen. */
const DOWN = `
DROP TRIGGER IF EXISTS ledger_transactions_events ON ledger_transactions;
DROP FUNCTION IF EXISTS events_ledger_transaction();
CREATE OR REPLACE FUNCTION pos_record_purchase(
  p_b uuid, p_id uuid, p_txn text, p_member uuid, p_card uuid, p_first text, p_last text,
  p_location uuid, p_actor text, p_occurred timestamptz, p_now timestamptz, p_total bigint, p_hash text,
  p_lines jsonb, p_rule_version integer, p_display_version integer, p_evaluation jsonb,
  p_earns jsonb, p_soon timestamptz, p_before jsonb, p_after jsonb, p_response jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_row record; v_snap jsonb; e jsonb; v_r jsonb; v_bal jsonb := '{}'::jsonb;
BEGIN
  INSERT INTO purchases (business_id, id, transaction_id, member_id, location_id, recorded_by,
    occurred_at, recorded_at, total, request_hash, rule_version, evaluation, response)
  VALUES (p_b, p_id, p_txn, p_member, p_location, p_actor, p_occurred, p_now, p_total, p_hash,
    p_rule_version, p_evaluation, p_response)
  ON CONFLICT (business_id, transaction_id) DO NOTHING;
  IF NOT FOUND THEN
    SELECT request_hash, response INTO v_row FROM purchases WHERE business_id = p_b AND transaction_id = p_txn;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'purchase % was claimed concurrently; retry', p_txn USING ERRCODE = 'LB012';
    END IF;
    IF v_row.request_hash <> p_hash THEN RETURN jsonb_build_object('status', 'conflict'); END IF;
    RETURN jsonb_build_object('status', 'replay', 'response', v_row.response);
  END IF;

  -- Serialises the counter operations of one member (as PosService.lockMember).
  SELECT first_name, last_name INTO v_row FROM members WHERE business_id = p_b AND id = p_member FOR NO KEY UPDATE;
  IF NOT FOUND OR v_row.first_name IS DISTINCT FROM p_first OR v_row.last_name IS DISTINCT FROM p_last THEN
    RAISE EXCEPTION 'the member changed since it was read' USING ERRCODE = 'RG004', DETAIL = 'member';
  END IF;
  IF p_card IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM member_cards
        WHERE business_id = p_b AND id = p_card AND member_id = p_member AND status <> 'revoked') THEN
    RAISE EXCEPTION 'the card changed since it was read' USING ERRCODE = 'RG004', DETAIL = 'card';
  END IF;

  IF pos_rule_version_at(p_b, p_occurred) IS DISTINCT FROM p_rule_version
     OR pos_rule_version_at(p_b, p_now) IS DISTINCT FROM p_display_version THEN
    RAISE EXCEPTION 'rule versions changed' USING ERRCODE = 'RG002';
  END IF;

  v_snap := ledger_holder_snapshot(p_b, 'member', p_member::text, 'points', p_now, p_soon);
  IF v_snap <> p_before THEN
    RAISE EXCEPTION 'balances changed' USING ERRCODE = 'RG001', DETAIL = v_snap::text;
  END IF;

  INSERT INTO purchase_lines (business_id, purchase_id, line_id, sku, category, quantity, unit_price)
  SELECT p_b, p_id, l.line_id, l.sku, l.category, l.quantity, l.unit_price
    FROM jsonb_to_recordset(p_lines) AS l(line_id text, sku text, category text, quantity int, unit_price bigint);

  FOR e IN SELECT value FROM jsonb_array_elements(p_earns) LOOP
    v_r := ledger_earn(p_b, e->>'unit', e->>'ownerType', e->>'ownerId', (e->>'amount')::bigint,
      (e->>'expiresAt')::timestamptz, (e->>'pendingUntil')::timestamptz, (e->>'at')::timestamptz,
      e->>'idempotencyKey', e->>'hash', e->>'reason', e->>'reference', e->'metadata');
    v_bal := v_bal || jsonb_build_object(e->>'unit', jsonb_build_array(
      v_r->'balance'->'available', v_r->'balance'->'pending', v_r->'balance'->'held'));
  END LOOP;

  IF EXISTS (SELECT 1 FROM jsonb_each(v_bal) b WHERE p_after->'balances'->b.key IS DISTINCT FROM b.value) THEN
    RAISE EXCEPTION 'balances after the purchase differ from the prediction' USING ERRCODE = 'RG003',
      DETAIL = v_bal::text;
  END IF;
  RETURN jsonb_build_object('status', 'ok');
END $$;
DROP FUNCTION IF EXISTS pos_record_purchase_event(uuid, uuid, text, uuid, uuid, timestamptz, timestamptz, bigint, integer, jsonb);
DROP TABLE IF EXISTS daily_business_summaries, event_consumptions, domain_events;
`;

export class DomainEvents1767200000000 implements MigrationInterface {
  name = 'DomainEvents1767200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DOWN);
  }
}
