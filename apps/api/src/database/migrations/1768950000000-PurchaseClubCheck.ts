import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * pos_record_purchase, fifth form (same jsonb argument, one new field):
 *
 * - The club's points multiplier at the counter (issue 15). The evaluation
 *   adds the club's multiplier when the member's club events make them an
 *   active member at the purchase; `clubSeq` is the newest club event's seq
 *   the app read (null: none). Checked equal under the member lock, else
 *   RG005 (DETAIL 'club') and the app re-reads and re-evaluates.
 * - The stored tier is read without a row lock. It was read FOR KEY SHARE,
 *   which wrote a lock on a tier-state row (and often a full-page image) with
 *   every purchase of a member in a tier program (docs/BENCHMARKS.md, run J).
 *   Every writer of tier state and club events now takes the member lock
 *   first (TierStore.lockState, ClubService.change), which this function
 *   already holds when it reads them, so neither can change before it commits.
 *
 * An index for the club check: (business_id, member_id, seq) on club_events.
 *
 * FROZEN: the bodies below are copies as of this migration (the current body
 * lives in apps/api/src/database/sql/pos.sql; never import it here). DOWN
 * restores the fourth form (1768100000000-PurchaseCallArgument) verbatim.
 */
const UP = `
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
`;

const DOWN = `
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

export class PurchaseClubCheck1768950000000 implements MigrationInterface {
  name = 'PurchaseClubCheck1768950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "ix_club_events_member_seq" ON "club_events" ("business_id", "member_id", "seq")`,
    );
    await q.query(UP);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(DOWN);
    await q.query(`DROP INDEX "ix_club_events_member_seq"`);
  }
}
