import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * pos_record_purchase, fourth form: ONE typed jsonb argument (the fields of
 * PurchaseCallArgument, apps/api/src/pos/purchase-call.ts, built in one place)
 * instead of 22 positional ones, so that adding a field no longer changes the
 * signature. New check under the member lock: the member's stored tier
 * (member_tier_states.tier_id, read FOR KEY SHARE so the tier consumer waits)
 * is the one the evaluation's tier points multiplier used; else RG005 and the
 * app re-reads and re-evaluates. The purchase after its scan is still one
 * statement.
 *
 * FROZEN: the bodies below are copies as of this migration (the current body
 * lives in apps/api/src/database/sql/pos.sql; never import it here). DOWN
 * restores the third form (1767200000000-DomainEvents) verbatim.
 */
const UP = `
DROP FUNCTION pos_record_purchase(uuid, uuid, text, uuid, uuid, text, text, uuid, text, timestamptz,
  timestamptz, bigint, text, jsonb, integer, integer, jsonb, jsonb, timestamptz, jsonb, jsonb, jsonb);

CREATE OR REPLACE FUNCTION pos_record_purchase(p jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_b uuid := (p->>'businessId')::uuid;
  v_id uuid := (p->>'purchaseId')::uuid;
  v_txn text := p->>'transactionId';
  v_member uuid := (p->>'memberId')::uuid;
  v_card uuid := (p->>'cardId')::uuid;
  v_location uuid := (p->>'locationId')::uuid;
  v_occurred timestamptz := (p->>'occurredAt')::timestamptz;
  v_now timestamptz := (p->>'recordedAt')::timestamptz;
  v_total bigint := (p->>'total')::bigint;
  v_hash text := p->>'requestHash';
  v_rule_version integer := (p->>'ruleVersion')::integer;
  v_row record; v_snap jsonb; e jsonb; v_r jsonb; v_bal jsonb := '{}'::jsonb; v_tier text;
BEGIN
  INSERT INTO purchases (business_id, id, transaction_id, member_id, location_id, recorded_by,
    occurred_at, recorded_at, total, request_hash, rule_version, evaluation, response)
  VALUES (v_b, v_id, v_txn, v_member, v_location, p->>'actor', v_occurred, v_now, v_total, v_hash,
    v_rule_version, p->'evaluation', p->'response')
  ON CONFLICT (business_id, transaction_id) DO NOTHING;
  IF NOT FOUND THEN
    SELECT request_hash, response INTO v_row FROM purchases WHERE business_id = v_b AND transaction_id = v_txn;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'purchase % was claimed concurrently; retry', v_txn USING ERRCODE = 'LB012';
    END IF;
    IF v_row.request_hash <> v_hash THEN RETURN jsonb_build_object('status', 'conflict'); END IF;
    RETURN jsonb_build_object('status', 'replay', 'response', v_row.response);
  END IF;

  -- Serialises the counter operations of one member (as PosRepository.lockMember).
  SELECT first_name, last_name INTO v_row FROM members WHERE business_id = v_b AND id = v_member FOR NO KEY UPDATE;
  IF NOT FOUND OR v_row.first_name IS DISTINCT FROM p->>'firstName'
     OR v_row.last_name IS DISTINCT FROM p->>'lastName' THEN
    RAISE EXCEPTION 'the member changed since it was read' USING ERRCODE = 'RG004', DETAIL = 'member';
  END IF;
  IF v_card IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM member_cards
        WHERE business_id = v_b AND id = v_card AND member_id = v_member AND status <> 'revoked') THEN
    RAISE EXCEPTION 'the card changed since it was read' USING ERRCODE = 'RG004', DETAIL = 'card';
  END IF;

  IF pos_rule_version_at(v_b, v_occurred) IS DISTINCT FROM v_rule_version
     OR pos_rule_version_at(v_b, v_now) IS DISTINCT FROM (p->>'displayRuleVersion')::integer THEN
    RAISE EXCEPTION 'rule versions changed' USING ERRCODE = 'RG002';
  END IF;

  -- The tier multiplier was computed from this stored tier. KEY SHARE: the tier consumer's
  -- FOR UPDATE of the row waits for this purchase, so the tier cannot change before it commits.
  SELECT s.tier_id INTO v_tier FROM member_tier_states s
   WHERE s.business_id = v_b AND s.member_id = v_member FOR KEY SHARE;
  IF v_tier IS DISTINCT FROM p->>'tierId' THEN
    RAISE EXCEPTION 'the member''s tier changed since it was read' USING ERRCODE = 'RG005',
      DETAIL = coalesce(v_tier, '');
  END IF;

  v_snap := ledger_holder_snapshot(v_b, 'member', v_member::text, 'points', v_now, (p->>'soonUntil')::timestamptz);
  IF v_snap <> p->'before' THEN
    RAISE EXCEPTION 'balances changed' USING ERRCODE = 'RG001', DETAIL = v_snap::text;
  END IF;

  INSERT INTO purchase_lines (business_id, purchase_id, line_id, sku, category, quantity, unit_price)
  SELECT v_b, v_id, l.line_id, l.sku, l.category, l.quantity, l.unit_price
    FROM jsonb_to_recordset(p->'lines') AS l(line_id text, sku text, category text, quantity int, unit_price bigint);

  FOR e IN SELECT value FROM jsonb_array_elements(p->'earns') LOOP
    v_r := ledger_earn(v_b, e->>'unit', e->>'ownerType', e->>'ownerId', (e->>'amount')::bigint,
      (e->>'expiresAt')::timestamptz, (e->>'pendingUntil')::timestamptz, (e->>'at')::timestamptz,
      e->>'idempotencyKey', e->>'hash', e->>'reason', e->>'reference', e->'metadata');
    v_bal := v_bal || jsonb_build_object(e->>'unit', jsonb_build_array(
      v_r->'balance'->'available', v_r->'balance'->'pending', v_r->'balance'->'held'));
  END LOOP;

  IF EXISTS (SELECT 1 FROM jsonb_each(v_bal) b WHERE p->'after'->'balances'->b.key IS DISTINCT FROM b.value) THEN
    RAISE EXCEPTION 'balances after the purchase differ from the prediction' USING ERRCODE = 'RG003',
      DETAIL = v_bal::text;
  END IF;
  PERFORM pos_record_purchase_event(v_b, v_id, v_txn, v_member, v_location, v_occurred, v_now, v_total,
    v_rule_version, p->'evaluation');
  RETURN jsonb_build_object('status', 'ok');
END $$;
`;

const DOWN = `
DROP FUNCTION pos_record_purchase(jsonb);

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
`;

export class PurchaseCallArgument1768100000000 implements MigrationInterface {
  name = 'PurchaseCallArgument1768100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DOWN);
  }
}
