import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A purchase in one round trip: `pos_record_purchase()` does in one statement
 * (one implicit transaction) what PosService's transaction did in ~10 round
 * trips: claim the POS transaction id, lock the member, check that the rules
 * and balances the app evaluated with are still those in force, write the
 * lines, earn every posting through the ledger's own `ledger_earn()` (keys
 * purchase:<purchase id>:<posting key>, as Ledger.earn would), and
 * check the balances afterwards against the answer the app stored with the
 * purchase. Outcomes:
 *   {"status":"ok"}                     written, with p_response stored;
 *   {"status":"replay","response":...}  the transaction id was used for the same request;
 *   {"status":"conflict"}               ... for a different request;
 *   RG001 (DETAIL: the holder snapshot now)  the balances changed since the app read them;
 *   RG002  another rule version is in force (the app's rule cache is stale);
 *   RG003  the balances afterwards differ from the app's prediction.
 * Every raise rolls back everything the call did; the app re-evaluates
 * (RG001, RG002) or takes the multi-statement path (RG003).
 */
export const PURCHASE_CALL_UP = `
-- A return finds the ledger transactions of a purchase's postings by their
-- idempotency keys (purchase:<purchase id>:<posting key>, unique per business
-- in the ledger); the copy kept on the purchase row would cost the one-call
-- purchase an UPDATE of its own row.
ALTER TABLE purchases DROP COLUMN ledger_transactions;
CREATE FUNCTION pos_rule_version_at(p_b uuid, p_at timestamptz)
RETURNS integer LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT version FROM rule_set_versions
           WHERE business_id = p_b AND effective_from <= p_at
           ORDER BY effective_from DESC, version DESC LIMIT 1);
END $$;

CREATE FUNCTION pos_record_purchase(
  p_b uuid, p_id uuid, p_txn text, p_member uuid, p_location uuid, p_actor text,
  p_occurred timestamptz, p_now timestamptz, p_total bigint, p_hash text,
  p_lines jsonb, p_rule_version integer, p_display_version integer, p_evaluation jsonb,
  p_earns jsonb, p_soon timestamptz, p_before jsonb, p_after jsonb, p_response jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_row record; v_snap jsonb; e jsonb;
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
  PERFORM 1 FROM members WHERE business_id = p_b AND id = p_member FOR NO KEY UPDATE;

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
    PERFORM ledger_earn(p_b, e->>'unit', e->>'ownerType', e->>'ownerId', (e->>'amount')::bigint,
      (e->>'expiresAt')::timestamptz, (e->>'pendingUntil')::timestamptz, (e->>'at')::timestamptz,
      e->>'idempotencyKey', e->>'hash', e->>'reason', e->>'reference', e->'metadata');
  END LOOP;

  v_snap := ledger_holder_snapshot(p_b, 'member', p_member::text, 'points', p_now, p_soon);
  IF v_snap <> p_after THEN
    RAISE EXCEPTION 'balances after the purchase differ from the prediction' USING ERRCODE = 'RG003',
      DETAIL = v_snap::text;
  END IF;
  RETURN jsonb_build_object('status', 'ok');
END $$;
`;

export const PURCHASE_CALL_DOWN = `
ALTER TABLE purchases ADD COLUMN ledger_transactions jsonb;
DROP FUNCTION IF EXISTS pos_record_purchase(uuid, uuid, text, uuid, uuid, text, timestamptz, timestamptz, bigint, text,
  jsonb, integer, integer, jsonb, jsonb, timestamptz, jsonb, jsonb, jsonb);
DROP FUNCTION IF EXISTS pos_rule_version_at(uuid, timestamptz);
`;

export class PurchaseCall1766000000001 implements MigrationInterface {
  name = 'PurchaseCall1766000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(PURCHASE_CALL_UP);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(PURCHASE_CALL_DOWN);
  }
}
