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
-- it: pos_record_purchase below, and the multi-statement purchase (StepsPurchase).
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
-- the outcomes and 1766000000002-PurchaseCallChecks for the checks). Fourth
-- form (1768100000000-PurchaseCallArgument): one typed jsonb argument (its
-- fields: PurchaseCallArgument in apps/api/src/pos/purchase-call.ts) instead of
-- 22 positional ones, and the check that the member's stored tier is the one
-- the evaluation's tier multiplier used (RG005). Still one statement. Fifth form
-- (1768950000000-PurchaseClubCheck): the club's newest event checked too (the
-- club multiplier; RG005 'club'), both read without a row lock under the member
-- lock, which every writer of tier state and club events takes first.
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

  -- The tier and club multipliers were computed from this stored tier and these club events.
  -- Every writer of either takes the member lock first (TierStore.lockState, ClubService), so
  -- under the lock held above neither can change before this purchase commits; no row lock here.
  SELECT s.tier_id INTO v_tier FROM member_tier_states s
   WHERE s.business_id = v_b AND s.member_id = v_member;
  IF v_tier IS DISTINCT FROM p->>'tierId' THEN
    RAISE EXCEPTION 'the member''s tier changed since it was read' USING ERRCODE = 'RG005',
      DETAIL = coalesce(v_tier, '');
  END IF;
  IF (SELECT max(c.seq) FROM club_events c WHERE c.business_id = v_b AND c.member_id = v_member)
     IS DISTINCT FROM (p->>'clubSeq')::bigint THEN
    RAISE EXCEPTION 'the member''s club membership changed since it was read' USING ERRCODE = 'RG005',
      DETAIL = 'club';
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

-- The receipt code printed on a purchase's receipt: the last 8 hex digits of its id, set before
-- insert (unique per business: uq_purchases_receipt; the app retries a clash with a new id).
CREATE OR REPLACE FUNCTION purchases_receipt_code()
RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.receipt_code := upper(substr(NEW.id::text, 29, 8));
  RETURN NEW;
END $$;
