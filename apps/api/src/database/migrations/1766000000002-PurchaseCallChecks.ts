import { MigrationInterface, QueryRunner } from 'typeorm';
import { PURCHASE_CALL_UP } from './1766000000001-PurchaseCall';

/**
 * pos_record_purchase, second form. Two changes to what the call checks:
 *
 * 1. The card and the member are checked inside the call, under the member
 *    lock: the card (when the purchase names one) still belongs to the member
 *    and is not revoked, and the member's name is the one the app's answer
 *    shows (RG004 otherwise; the app reads the member again). The app can then
 *    reuse the member, card and balances it read for the scan just before the
 *    purchase instead of reading them a second time: the balances are checked
 *    as before (RG001 with the fresh snapshot), the card and member here.
 *
 * 2. The balances afterwards are compared with the prediction through what
 *    each ledger_earn() returns (the account's balance after the earn), not by
 *    reading the whole holder snapshot a second time. The "expiring" part of
 *    the prediction needs no second read: the call has just checked the
 *    snapshot before the earns, and an earn adds exactly its own lot.
 *
 * Outcomes as before, plus RG004 (DETAIL: "card" or "member").
 */
export const PURCHASE_CALL_CHECKS_UP = `
DROP FUNCTION pos_record_purchase(uuid, uuid, text, uuid, uuid, text, timestamptz, timestamptz, bigint, text,
  jsonb, integer, integer, jsonb, jsonb, timestamptz, jsonb, jsonb, jsonb);

CREATE FUNCTION pos_record_purchase(
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
`;

const PURCHASE_CALL_CHECKS_DOWN = `
DROP FUNCTION IF EXISTS pos_record_purchase(uuid, uuid, text, uuid, uuid, text, text, uuid, text, timestamptz,
  timestamptz, bigint, text, jsonb, integer, integer, jsonb, jsonb, timestamptz, jsonb, jsonb, jsonb);
DROP FUNCTION IF EXISTS pos_rule_version_at(uuid, timestamptz);
ALTER TABLE purchases ADD COLUMN ledger_transactions jsonb;
${PURCHASE_CALL_UP}`;

export class PurchaseCallChecks1766000000002 implements MigrationInterface {
  name = 'PurchaseCallChecks1766000000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(PURCHASE_CALL_CHECKS_UP);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(PURCHASE_CALL_CHECKS_DOWN);
  }
}
