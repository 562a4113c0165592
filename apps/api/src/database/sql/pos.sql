-- The counter's PL/pgSQL functions: the CURRENT body of each (the one source).
-- Migrations hold frozen copies of earlier bodies and never read this file;
-- test/platform/sql-functions.e2e-spec.ts checks that a migrated database has
-- exactly these bodies. To change a function: edit it here AND add a migration
-- with a frozen copy of the new body (see docs/ARCHITECTURE.md).

CREATE OR REPLACE FUNCTION pos_rule_version_at(p_b uuid, p_at timestamptz)
RETURNS integer LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT version FROM rule_set_versions
           WHERE business_id = p_b AND effective_from <= p_at
           ORDER BY effective_from DESC, version DESC LIMIT 1);
END $$;

-- The purchase.recorded event of a purchase, written into the outbox
-- (domain_events) inside the caller's transaction. Both purchase paths call
-- it: pos_record_purchase below, and PosService.purchaseInSteps.
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

-- A purchase in one round trip (see migration 1766000000001-PurchaseCall for
-- the outcomes and 1766000000002-PurchaseCallChecks for the checks). Third
-- form: also writes the purchase.recorded event in the same statement.
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
