-- The ledger's PL/pgSQL functions: the CURRENT body of each (the one source).
--
-- The migrations (functions.sql.ts, tables.sql.ts, migrations.ts) hold frozen
-- copies of the bodies as they were shipped; later migrations replaced some
-- (ledger__store and ledger__result became PL/pgSQL in
-- LedgerHolderSnapshot1766000000000), so those files do not show what runs.
-- Never import this file from a migration. test/platform/sql-functions.e2e-spec.ts
-- checks that a database migrated from empty has exactly these bodies. To
-- change a function: edit it here AND ship a new migration (in a new file)
-- with a frozen copy of the new body.
--
-- Locking discipline, idempotency and error codes: see functions.sql.ts.
-- LEDGER_SLOTS of the TypeScript sources is written out here: 16.

-- Append-only history: no UPDATE, DELETE or TRUNCATE path.
CREATE OR REPLACE FUNCTION ledger__append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger: % on % is not allowed (append-only)', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'LB011';
END $$;

CREATE OR REPLACE FUNCTION ledger__system_account(p_b uuid, p_unit text, p_name text, p_at timestamptz)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE v bigint;
BEGIN
  SELECT id INTO v FROM ledger_accounts
   WHERE business_id = p_b AND unit = p_unit AND owner_type = 'system' AND owner_id = p_name;
  IF v IS NULL THEN
    INSERT INTO ledger_accounts (business_id, unit, owner_type, owner_id, created_at)
    VALUES (p_b, p_unit, 'system', p_name, p_at)
    ON CONFLICT ON CONSTRAINT ledger_accounts_owner_unit DO NOTHING
    RETURNING id INTO v;
    IF v IS NULL THEN
      SELECT id INTO v FROM ledger_accounts
       WHERE business_id = p_b AND unit = p_unit AND owner_type = 'system' AND owner_id = p_name;
    END IF;
  END IF;
  RETURN v;
END $$;

CREATE OR REPLACE FUNCTION ledger__lock_account(p_b uuid, p_unit text, p_ot text, p_oid text, p_at timestamptz, p_create boolean)
RETURNS ledger_accounts LANGUAGE plpgsql AS $$
DECLARE v ledger_accounts;
BEGIN
  SELECT * INTO v FROM ledger_accounts
   WHERE business_id = p_b AND unit = p_unit AND owner_type = p_ot AND owner_id = p_oid
   FOR NO KEY UPDATE;
  IF FOUND OR NOT p_create THEN RETURN v; END IF;
  INSERT INTO ledger_accounts (business_id, unit, owner_type, owner_id, created_at)
  VALUES (p_b, p_unit, p_ot, p_oid, p_at)
  ON CONFLICT ON CONSTRAINT ledger_accounts_owner_unit DO NOTHING;
  SELECT * INTO v FROM ledger_accounts
   WHERE business_id = p_b AND unit = p_unit AND owner_type = p_ot AND owner_id = p_oid
   FOR NO KEY UPDATE;
  RETURN v;
END $$;

-- NULL when the key is unused; the stored result when it was used for the same
-- request; LB002 when it was used for a different one.
CREATE OR REPLACE FUNCTION ledger__replay(p_b uuid, p_key text, p_hash text)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE v record;
BEGIN
  SELECT request_hash, result INTO v FROM ledger_transactions
   WHERE business_id = p_b AND idempotency_key = p_key;
  IF NOT FOUND THEN RETURN NULL; END IF;
  IF v.request_hash <> p_hash THEN
    RAISE EXCEPTION 'idempotency key "%" was already used for a different request', p_key
      USING ERRCODE = 'LB002', DETAIL = jsonb_build_object('idempotencyKey', p_key)::text;
  END IF;
  RETURN v.result || '{"replayed": true}'::jsonb;
END $$;

-- Called when the claiming INSERT met a concurrent user of the same key.
CREATE OR REPLACE FUNCTION ledger__lost_race(p_b uuid, p_key text, p_hash text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger__replay(p_b, p_key, p_hash);
  RAISE EXCEPTION 'idempotency key "%" was claimed concurrently; retry', p_key USING ERRCODE = 'LB012';
END $$;

CREATE OR REPLACE FUNCTION ledger__bump_slots(p_b uuid, p_slot integer, p_ids bigint[], p_deltas bigint[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT u.id, sum(u.d)::bigint AS d FROM unnest(p_ids, p_deltas) AS u(id, d)
     WHERE u.id IS NOT NULL GROUP BY u.id HAVING sum(u.d) <> 0 ORDER BY u.id
  LOOP
    INSERT INTO ledger_account_slots (business_id, account_id, slot, available)
    VALUES (p_b, r.id, p_slot, r.d)
    ON CONFLICT (business_id, account_id, slot)
      DO UPDATE SET available = ledger_account_slots.available + EXCLUDED.available;
  END LOOP;
END $$;

CREATE OR REPLACE FUNCTION ledger__result(p_tx bigint, p_kind text, p_a ledger_accounts, p_amount bigint, p_at timestamptz, p_extra jsonb)
RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN jsonb_build_object(
    'transactionId', p_tx::text, 'kind', p_kind, 'accountId', p_a.id::text, 'amount', p_amount,
    'balance', jsonb_build_object('available', p_a.available, 'pending', p_a.pending, 'held', p_a.held),
    'effectiveAt', p_at, 'replayed', false) || p_extra;
END $$;

-- Consume p_amount from the account's spendable lots, earliest expiry first,
-- lots without expiry last. Caller holds the account lock.
CREATE OR REPLACE FUNCTION ledger__consume(p_b uuid, p_account bigint, p_amount bigint, p_tx bigint)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE v_left bigint := p_amount; l record; t bigint;
BEGIN
  IF p_amount <= 0 THEN RETURN 0; END IF;
  FOR l IN
    SELECT id, remaining FROM ledger_lots
     WHERE business_id = p_b AND account_id = p_account AND status = 'available' AND remaining > 0
     ORDER BY expires_at ASC NULLS LAST, id
  LOOP
    t := least(l.remaining, v_left);
    UPDATE ledger_lots SET remaining = remaining - t WHERE business_id = p_b AND id = l.id;
    INSERT INTO ledger_lot_moves (business_id, lot_id, transaction_id, amount) VALUES (p_b, l.id, p_tx, -t);
    v_left := v_left - t;
    EXIT WHEN v_left = 0;
  END LOOP;
  IF v_left <> 0 THEN
    RAISE EXCEPTION 'ledger: lots of account % do not cover % (short %)', p_account, p_amount, v_left
      USING ERRCODE = 'XX000';
  END IF;
  RETURN p_amount;
END $$;

-- Give back to each lot what transaction p_source took from it.
CREATE OR REPLACE FUNCTION ledger__restore_all(p_b uuid, p_source bigint, p_tx bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ledger_lots l SET remaining = l.remaining - m.amount
    FROM ledger_lot_moves m
   WHERE m.business_id = p_b AND m.transaction_id = p_source AND l.business_id = p_b AND l.id = m.lot_id;
  INSERT INTO ledger_lot_moves (business_id, lot_id, transaction_id, amount)
  SELECT p_b, lot_id, p_tx, -amount FROM ledger_lot_moves WHERE business_id = p_b AND transaction_id = p_source;
END $$;

-- Due processing for one locked account at time p_at, in this order:
-- open reservations past expires_at are released (status expired); pending
-- earns past their window mature; lapsed lots expire (one 'expire' tx).
-- Works on the row value p_a; the caller writes the account row and bumps the
-- expired account's slot with o_expired.
CREATE OR REPLACE FUNCTION ledger__settle(p_b uuid, p_a ledger_accounts, p_at timestamptz,
  OUT o_a ledger_accounts, OUT o_expired bigint, OUT o_expired_acc bigint, OUT o_holds integer, OUT o_matured integer)
LANGUAGE plpgsql AS $$
DECLARE h record; v_tx bigint; v_r bigint; v_total bigint;
BEGIN
  o_a := p_a; o_expired := 0; o_holds := 0; o_matured := 0;
  FOR h IN
    SELECT * FROM ledger_holds
     WHERE business_id = p_b AND account_id = p_a.id AND status = 'open' AND expires_at <= p_at
     ORDER BY expires_at, id
  LOOP
    o_a.version := o_a.version + 1;
    IF h.kind = 'reservation' THEN
      INSERT INTO ledger_transactions (business_id, kind, unit, account_id, amount, hold_id, reason, effective_at)
      VALUES (p_b, 'hold_expire', p_a.unit, p_a.id, h.amount, h.id, 'hold expired', p_at) RETURNING id INTO v_tx;
      o_a.held := o_a.held - h.amount;
      INSERT INTO ledger_entries (business_id, transaction_id, account_id, bucket, amount, available_after, pending_after, held_after, account_version, effective_at)
      VALUES (p_b, v_tx, p_a.id, 'held', -h.amount, o_a.available, o_a.pending, o_a.held, o_a.version, p_at);
      o_a.available := o_a.available + h.amount;
      INSERT INTO ledger_entries (business_id, transaction_id, account_id, bucket, amount, available_after, pending_after, held_after, account_version, effective_at)
      VALUES (p_b, v_tx, p_a.id, 'available', h.amount, o_a.available, o_a.pending, o_a.held, o_a.version, p_at);
      PERFORM ledger__restore_all(p_b, h.created_tx_id, v_tx);
      UPDATE ledger_holds SET status = 'expired', resolved_tx_id = v_tx WHERE business_id = p_b AND id = h.id;
      o_holds := o_holds + 1;
    ELSE
      SELECT remaining INTO v_r FROM ledger_lots WHERE business_id = p_b AND id = h.lot_id;
      INSERT INTO ledger_transactions (business_id, kind, unit, account_id, amount, hold_id, reason, effective_at)
      VALUES (p_b, 'mature', p_a.unit, p_a.id, v_r, h.id, 'pending points matured', p_at) RETURNING id INTO v_tx;
      IF v_r > 0 THEN
        o_a.pending := o_a.pending - v_r;
        INSERT INTO ledger_entries (business_id, transaction_id, account_id, bucket, amount, available_after, pending_after, held_after, account_version, effective_at)
        VALUES (p_b, v_tx, p_a.id, 'pending', -v_r, o_a.available, o_a.pending, o_a.held, o_a.version, p_at);
        o_a.available := o_a.available + v_r;
        INSERT INTO ledger_entries (business_id, transaction_id, account_id, bucket, amount, available_after, pending_after, held_after, account_version, effective_at)
        VALUES (p_b, v_tx, p_a.id, 'available', v_r, o_a.available, o_a.pending, o_a.held, o_a.version, p_at);
      END IF;
      UPDATE ledger_lots SET status = 'available' WHERE business_id = p_b AND id = h.lot_id;
      UPDATE ledger_holds SET status = 'captured', resolved_tx_id = v_tx WHERE business_id = p_b AND id = h.id;
      o_matured := o_matured + 1;
    END IF;
  END LOOP;

  SELECT coalesce(sum(remaining), 0) INTO v_total FROM ledger_lots
   WHERE business_id = p_b AND account_id = p_a.id AND status = 'available' AND remaining > 0 AND expires_at <= p_at;
  IF v_total > 0 THEN
    o_expired_acc := ledger__system_account(p_b, p_a.unit, 'expired', p_at);
    o_a.version := o_a.version + 1;
    o_a.available := o_a.available - v_total;
    INSERT INTO ledger_transactions (business_id, kind, unit, account_id, amount, reason, effective_at)
    VALUES (p_b, 'expire', p_a.unit, p_a.id, v_total, 'points expired', p_at) RETURNING id INTO v_tx;
    INSERT INTO ledger_lot_moves (business_id, lot_id, transaction_id, amount)
    SELECT p_b, id, v_tx, -remaining FROM ledger_lots
     WHERE business_id = p_b AND account_id = p_a.id AND status = 'available' AND remaining > 0 AND expires_at <= p_at;
    UPDATE ledger_lots SET remaining = 0
     WHERE business_id = p_b AND account_id = p_a.id AND status = 'available' AND remaining > 0 AND expires_at <= p_at;
    INSERT INTO ledger_entries (business_id, transaction_id, account_id, bucket, amount, available_after, pending_after, held_after, account_version, effective_at)
    VALUES (p_b, v_tx, p_a.id, 'available', -v_total, o_a.available, o_a.pending, o_a.held, o_a.version, p_at),
           (p_b, v_tx, o_expired_acc, 'available', v_total, NULL, NULL, NULL, NULL, p_at);
    o_expired := v_total;
  END IF;
END $$;

CREATE OR REPLACE FUNCTION ledger__store(p_a ledger_accounts)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ledger_accounts SET available = p_a.available, pending = p_a.pending, held = p_a.held, version = p_a.version
   WHERE business_id = p_a.business_id AND id = p_a.id;
END $$;

-- ---------------------------------------------------------------- earn
CREATE OR REPLACE FUNCTION ledger_earn(p_b uuid, p_unit text, p_ot text, p_oid text, p_amount bigint,
  p_expires_at timestamptz, p_pending_until timestamptz, p_at timestamptz,
  p_key text, p_hash text, p_reason text, p_reference text, p_metadata jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  a ledger_accounts; v_res jsonb; v_tx bigint; v_lot bigint; v_hold bigint; v_sys bigint;
  v_pending boolean := p_pending_until IS NOT NULL AND p_pending_until > p_at;
  v_debt record; v_settle bigint := 0;
BEGIN
  IF p_amount <= 0 THEN RAISE EXCEPTION 'amount must be positive' USING ERRCODE = 'LB006'; END IF;
  a := ledger__lock_account(p_b, p_unit, p_ot, p_oid, p_at, true);
  v_res := ledger__replay(p_b, p_key, p_hash);
  IF v_res IS NOT NULL THEN RETURN v_res; END IF;
  v_sys := ledger__system_account(p_b, p_unit, 'issued', p_at);
  v_tx := nextval('ledger_transactions_id_seq');
  v_lot := nextval('ledger_lots_id_seq');
  a.version := a.version + 1;
  IF v_pending THEN
    v_hold := nextval('ledger_holds_id_seq');
    a.pending := a.pending + p_amount;
  ELSE
    IF a.available < 0 THEN
      SELECT id, remaining INTO v_debt FROM ledger_lots
       WHERE business_id = p_b AND account_id = a.id AND kind = 'debt' AND remaining < 0;
      IF FOUND THEN v_settle := least(p_amount, -v_debt.remaining); END IF;
    END IF;
    a.available := a.available + p_amount;
  END IF;
  v_res := ledger__result(v_tx, 'earn', a, p_amount, p_at,
    jsonb_build_object('lotId', v_lot::text, 'holdId', v_hold::text, 'pending', v_pending));
  INSERT INTO ledger_transactions (business_id, id, idempotency_key, request_hash, kind, unit, account_id, amount,
    reason, reference, metadata, result, effective_at)
  VALUES (p_b, v_tx, p_key, p_hash, 'earn', p_unit, a.id, p_amount, p_reason, p_reference, p_metadata, v_res, p_at)
  ON CONFLICT ON CONSTRAINT ledger_transactions_idempotency DO NOTHING;
  IF NOT FOUND THEN PERFORM ledger__lost_race(p_b, p_key, p_hash); END IF;
  INSERT INTO ledger_lots (business_id, id, account_id, transaction_id, kind, status, amount, remaining, expires_at, effective_at)
  VALUES (p_b, v_lot, a.id, v_tx, 'earn', CASE WHEN v_pending THEN 'pending' ELSE 'available' END,
          p_amount, p_amount - v_settle, p_expires_at, p_at);
  IF v_settle > 0 THEN
    INSERT INTO ledger_lot_moves (business_id, lot_id, transaction_id, amount)
    VALUES (p_b, v_lot, v_tx, -v_settle), (p_b, v_debt.id, v_tx, v_settle);
    UPDATE ledger_lots SET remaining = remaining + v_settle WHERE business_id = p_b AND id = v_debt.id;
  END IF;
  IF v_pending THEN
    INSERT INTO ledger_holds (business_id, id, kind, account_id, amount, lot_id, status, created_tx_id, expires_at)
    VALUES (p_b, v_hold, 'pending_earn', a.id, p_amount, v_lot, 'open', v_tx, p_pending_until);
  END IF;
  INSERT INTO ledger_entries (business_id, transaction_id, account_id, bucket, amount, available_after, pending_after, held_after, account_version, effective_at)
  VALUES (p_b, v_tx, a.id, CASE WHEN v_pending THEN 'pending' ELSE 'available' END, p_amount,
          a.available, a.pending, a.held, a.version, p_at),
         (p_b, v_tx, v_sys, 'available', -p_amount, NULL, NULL, NULL, NULL, p_at);
  PERFORM ledger__store(a);
  INSERT INTO ledger_account_slots (business_id, account_id, slot, available)
  VALUES (p_b, v_sys, a.id % 16, -p_amount)
  ON CONFLICT (business_id, account_id, slot)
    DO UPDATE SET available = ledger_account_slots.available + EXCLUDED.available;
  RETURN v_res;
END $$;

-- ------------------------------------------------------- spend and hold
CREATE OR REPLACE FUNCTION ledger_spend(p_b uuid, p_unit text, p_ot text, p_oid text, p_amount bigint,
  p_as_hold boolean, p_hold_expires_at timestamptz, p_at timestamptz,
  p_key text, p_hash text, p_reason text, p_reference text, p_metadata jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  a ledger_accounts; s record; v_res jsonb; v_tx bigint; v_hold bigint; v_sys bigint;
  v_kind text := CASE WHEN p_as_hold THEN 'hold' ELSE 'spend' END;
BEGIN
  IF p_amount <= 0 THEN RAISE EXCEPTION 'amount must be positive' USING ERRCODE = 'LB006'; END IF;
  a := ledger__lock_account(p_b, p_unit, p_ot, p_oid, p_at, false);
  v_res := ledger__replay(p_b, p_key, p_hash);
  IF v_res IS NOT NULL THEN RETURN v_res; END IF;
  IF a.id IS NULL THEN
    RAISE EXCEPTION 'insufficient balance: available 0, requested %', p_amount
      USING ERRCODE = 'LB001', DETAIL = jsonb_build_object('available', 0, 'requested', p_amount)::text;
  END IF;
  SELECT * INTO s FROM ledger__settle(p_b, a, p_at);
  a := s.o_a;
  IF a.available - p_amount < 0 THEN
    RAISE EXCEPTION 'insufficient balance: available %, requested %', a.available, p_amount
      USING ERRCODE = 'LB001', DETAIL = jsonb_build_object('available', a.available, 'requested', p_amount)::text;
  END IF;
  v_tx := nextval('ledger_transactions_id_seq');
  a.version := a.version + 1;
  a.available := a.available - p_amount;
  IF p_as_hold THEN
    v_hold := nextval('ledger_holds_id_seq');
    a.held := a.held + p_amount;
  ELSE
    v_sys := ledger__system_account(p_b, p_unit, 'redeemed', p_at);
  END IF;
  v_res := ledger__result(v_tx, v_kind, a, p_amount, p_at, jsonb_build_object('holdId', v_hold::text));
  INSERT INTO ledger_transactions (business_id, id, idempotency_key, request_hash, kind, unit, account_id, amount,
    reason, reference, metadata, result, effective_at)
  VALUES (p_b, v_tx, p_key, p_hash, v_kind, p_unit, a.id, p_amount, p_reason, p_reference, p_metadata, v_res, p_at)
  ON CONFLICT ON CONSTRAINT ledger_transactions_idempotency DO NOTHING;
  IF NOT FOUND THEN PERFORM ledger__lost_race(p_b, p_key, p_hash); END IF;
  PERFORM ledger__consume(p_b, a.id, p_amount, v_tx);
  IF p_as_hold THEN
    INSERT INTO ledger_holds (business_id, id, kind, account_id, amount, status, created_tx_id, expires_at)
    VALUES (p_b, v_hold, 'reservation', a.id, p_amount, 'open', v_tx, p_hold_expires_at);
    INSERT INTO ledger_entries (business_id, transaction_id, account_id, bucket, amount, available_after, pending_after, held_after, account_version, effective_at)
    VALUES (p_b, v_tx, a.id, 'available', -p_amount, a.available, a.pending, a.held - p_amount, a.version, p_at),
           (p_b, v_tx, a.id, 'held', p_amount, a.available, a.pending, a.held, a.version, p_at);
  ELSE
    INSERT INTO ledger_entries (business_id, transaction_id, account_id, bucket, amount, available_after, pending_after, held_after, account_version, effective_at)
    VALUES (p_b, v_tx, a.id, 'available', -p_amount, a.available, a.pending, a.held, a.version, p_at),
           (p_b, v_tx, v_sys, 'available', p_amount, NULL, NULL, NULL, NULL, p_at);
  END IF;
  PERFORM ledger__store(a);
  PERFORM ledger__bump_slots(p_b, (a.id % 16)::integer,
    ARRAY[s.o_expired_acc, v_sys], ARRAY[s.o_expired, CASE WHEN p_as_hold THEN 0 ELSE p_amount END]);
  RETURN v_res;
END $$;

-- ------------------------------------------------ capture and release
-- Reservation: capture redeems the held points, release returns them to
-- their lots. Pending earn: capture makes the points available now, release
-- voids them. A hold resolves exactly once (LB003 afterwards).
CREATE OR REPLACE FUNCTION ledger_resolve_hold(p_b uuid, p_hold bigint, p_capture boolean, p_at timestamptz,
  p_key text, p_hash text, p_reason text, p_reference text, p_metadata jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  a ledger_accounts; s record; h record; v_res jsonb; v_tx bigint; v_sys bigint; v_r bigint;
  v_acc bigint; v_kind text := CASE WHEN p_capture THEN 'capture' ELSE 'release' END;
BEGIN
  SELECT account_id INTO v_acc FROM ledger_holds WHERE business_id = p_b AND id = p_hold;
  IF NOT FOUND THEN
    v_res := ledger__replay(p_b, p_key, p_hash);
    IF v_res IS NOT NULL THEN RETURN v_res; END IF;
    RAISE EXCEPTION 'hold % not found', p_hold USING ERRCODE = 'LB005';
  END IF;
  SELECT * INTO a FROM ledger_accounts WHERE business_id = p_b AND id = v_acc FOR NO KEY UPDATE;
  v_res := ledger__replay(p_b, p_key, p_hash);
  IF v_res IS NOT NULL THEN RETURN v_res; END IF;
  SELECT * INTO s FROM ledger__settle(p_b, a, p_at);
  a := s.o_a;
  SELECT * INTO h FROM ledger_holds WHERE business_id = p_b AND id = p_hold;
  IF h.status <> 'open' THEN
    RAISE EXCEPTION 'hold % is not open (%)', p_hold, h.status
      USING ERRCODE = 'LB003', DETAIL = jsonb_build_object('holdId', p_hold::text, 'status', h.status)::text;
  END IF;
  v_tx := nextval('ledger_transactions_id_seq');
  a.version := a.version + 1;
  IF h.kind = 'reservation' THEN
    v_r := h.amount;
    IF p_capture THEN
      v_sys := ledger__system_account(p_b, a.unit, 'redeemed', p_at);
      a.held := a.held - v_r;
    ELSE
      a.held := a.held - v_r;
      a.available := a.available + v_r;
    END IF;
  ELSE
    SELECT remaining INTO v_r FROM ledger_lots WHERE business_id = p_b AND id = h.lot_id;
    a.pending := a.pending - v_r;
    IF p_capture THEN
      a.available := a.available + v_r;
    ELSE
      v_sys := ledger__system_account(p_b, a.unit, 'issued', p_at);
    END IF;
  END IF;
  v_res := ledger__result(v_tx, v_kind, a, v_r, p_at,
    jsonb_build_object('holdId', p_hold::text, 'holdKind', h.kind));
  INSERT INTO ledger_transactions (business_id, id, idempotency_key, request_hash, kind, unit, account_id, amount,
    hold_id, reason, reference, metadata, result, effective_at)
  VALUES (p_b, v_tx, p_key, p_hash, v_kind, a.unit, a.id, v_r, p_hold, p_reason, p_reference, p_metadata, v_res, p_at)
  ON CONFLICT ON CONSTRAINT ledger_transactions_idempotency DO NOTHING;
  IF NOT FOUND THEN PERFORM ledger__lost_race(p_b, p_key, p_hash); END IF;
  IF h.kind = 'reservation' THEN
    IF p_capture THEN
      INSERT INTO ledger_entries (business_id, transaction_id, account_id, bucket, amount, available_after, pending_after, held_after, account_version, effective_at)
      VALUES (p_b, v_tx, a.id, 'held', -v_r, a.available, a.pending, a.held, a.version, p_at),
             (p_b, v_tx, v_sys, 'available', v_r, NULL, NULL, NULL, NULL, p_at);
    ELSE
      INSERT INTO ledger_entries (business_id, transaction_id, account_id, bucket, amount, available_after, pending_after, held_after, account_version, effective_at)
      VALUES (p_b, v_tx, a.id, 'held', -v_r, a.available - v_r, a.pending, a.held, a.version, p_at),
             (p_b, v_tx, a.id, 'available', v_r, a.available, a.pending, a.held, a.version, p_at);
      PERFORM ledger__restore_all(p_b, h.created_tx_id, v_tx);
    END IF;
  ELSIF v_r > 0 THEN
    IF p_capture THEN
      INSERT INTO ledger_entries (business_id, transaction_id, account_id, bucket, amount, available_after, pending_after, held_after, account_version, effective_at)
      VALUES (p_b, v_tx, a.id, 'pending', -v_r, a.available - v_r, a.pending, a.held, a.version, p_at),
             (p_b, v_tx, a.id, 'available', v_r, a.available, a.pending, a.held, a.version, p_at);
    ELSE
      INSERT INTO ledger_entries (business_id, transaction_id, account_id, bucket, amount, available_after, pending_after, held_after, account_version, effective_at)
      VALUES (p_b, v_tx, a.id, 'pending', -v_r, a.available, a.pending, a.held, a.version, p_at),
             (p_b, v_tx, v_sys, 'available', v_r, NULL, NULL, NULL, NULL, p_at);
      INSERT INTO ledger_lot_moves (business_id, lot_id, transaction_id, amount) VALUES (p_b, h.lot_id, v_tx, -v_r);
    END IF;
  END IF;
  IF h.kind = 'pending_earn' THEN
    UPDATE ledger_lots SET status = CASE WHEN p_capture THEN 'available' ELSE 'voided' END,
                           remaining = CASE WHEN p_capture THEN remaining ELSE 0 END
     WHERE business_id = p_b AND id = h.lot_id;
  END IF;
  UPDATE ledger_holds SET status = CASE WHEN p_capture THEN 'captured' ELSE 'released' END, resolved_tx_id = v_tx
   WHERE business_id = p_b AND id = p_hold;
  PERFORM ledger__store(a);
  PERFORM ledger__bump_slots(p_b, (a.id % 16)::integer,
    ARRAY[s.o_expired_acc, v_sys], ARRAY[s.o_expired, CASE WHEN v_sys IS NULL THEN 0 ELSE v_r END]);
  RETURN v_res;
END $$;

-- ------------------------------------------------------------ reverse
-- Reverses an earn, a spend or a reservation capture, fully (p_amount NULL:
-- everything not yet reversed) or in part. Earn reversal takes the earn's lot
-- remainder first, then other available points (spend order); a shortfall
-- below zero follows p_policy: refuse (LB004), clamp (reverse less) or
-- allow_negative (a debt lot records the negative balance; the next earn
-- pays it off). Spend/capture reversal returns points to the lots they came
-- from, latest expiry first.
CREATE OR REPLACE FUNCTION ledger_reverse(p_b uuid, p_target bigint, p_amount bigint, p_policy text, p_at timestamptz,
  p_key text, p_hash text, p_reason text, p_reference text, p_metadata jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  t record; a ledger_accounts; s record; v_res jsonb; v_tx bigint; v_sys bigint; lot record; l record;
  v_reversed bigint; v_reversible bigint; v_r bigint; v_actual bigint; v_take bigint := 0; v_other bigint := 0;
  v_debt bigint := 0; v_short bigint; v_src bigint; v_left bigint; v_t bigint; v_debt_lot bigint; v_hold record; v_ls text;
BEGIN
  IF p_amount IS NOT NULL AND p_amount <= 0 THEN RAISE EXCEPTION 'amount must be positive' USING ERRCODE = 'LB006'; END IF;
  SELECT * INTO t FROM ledger_transactions WHERE business_id = p_b AND id = p_target;
  IF NOT FOUND THEN
    v_res := ledger__replay(p_b, p_key, p_hash);
    IF v_res IS NOT NULL THEN RETURN v_res; END IF;
    RAISE EXCEPTION 'transaction % not found', p_target USING ERRCODE = 'LB005';
  END IF;
  SELECT * INTO a FROM ledger_accounts WHERE business_id = p_b AND id = t.account_id FOR NO KEY UPDATE;
  v_res := ledger__replay(p_b, p_key, p_hash);
  IF v_res IS NOT NULL THEN RETURN v_res; END IF;
  IF t.kind NOT IN ('earn', 'spend', 'capture') THEN
    RAISE EXCEPTION 'a % transaction cannot be reversed', t.kind
      USING ERRCODE = 'LB004', DETAIL = jsonb_build_object('reason', 'not_reversible', 'kind', t.kind)::text;
  END IF;
  IF t.kind = 'capture' THEN
    SELECT * INTO v_hold FROM ledger_holds WHERE business_id = p_b AND id = t.hold_id;
    IF v_hold.kind <> 'reservation' THEN
      RAISE EXCEPTION 'capture of a pending earn cannot be reversed; reverse the earn'
        USING ERRCODE = 'LB004', DETAIL = jsonb_build_object('reason', 'not_reversible', 'kind', 'capture')::text;
    END IF;
  END IF;
  SELECT * INTO s FROM ledger__settle(p_b, a, p_at);
  a := s.o_a;
  SELECT coalesce(sum(amount), 0) INTO v_reversed FROM ledger_transactions
   WHERE business_id = p_b AND reverses_id = p_target;
  v_reversible := t.amount - v_reversed;
  IF t.kind = 'earn' THEN
    SELECT * INTO lot FROM ledger_lots WHERE business_id = p_b AND transaction_id = p_target AND kind = 'earn';
    v_ls := lot.status;
    IF v_ls = 'voided' THEN v_reversible := 0;
    ELSIF v_ls = 'pending' THEN v_reversible := lot.remaining;
    END IF;
  END IF;
  IF v_reversible <= 0 THEN
    RAISE EXCEPTION 'transaction % has nothing left to reverse', p_target
      USING ERRCODE = 'LB004', DETAIL = jsonb_build_object('reason', 'nothing_to_reverse')::text;
  END IF;
  v_r := coalesce(p_amount, v_reversible);
  IF v_r > v_reversible THEN
    RAISE EXCEPTION 'cannot reverse % of transaction %: only % left', v_r, p_target, v_reversible
      USING ERRCODE = 'LB004', DETAIL = jsonb_build_object('reason', 'exceeds_reversible', 'reversible', v_reversible)::text;
  END IF;
  v_actual := v_r;
  IF v_ls = 'available' THEN
    v_take := least(v_r, greatest(lot.remaining, 0));
    v_short := v_r - v_take;
    v_other := least(v_short, greatest(a.available - v_take, 0));
    v_debt := v_short - v_other;
    IF v_debt > 0 THEN
      IF p_policy = 'refuse' THEN
        RAISE EXCEPTION 'reversal of % would take the balance below zero by %', v_r, v_debt
          USING ERRCODE = 'LB004', DETAIL = jsonb_build_object('reason', 'insufficient_balance', 'shortfall', v_debt)::text;
      ELSIF p_policy = 'clamp' THEN
        v_actual := v_r - v_debt; v_debt := 0;
      ELSIF p_policy <> 'allow_negative' THEN
        RAISE EXCEPTION 'unknown reversal policy %', p_policy USING ERRCODE = 'LB006';
      END IF;
    END IF;
  END IF;
  v_tx := nextval('ledger_transactions_id_seq');
  v_sys := ledger__system_account(p_b, a.unit, 'reversed', p_at);
  IF v_actual > 0 THEN a.version := a.version + 1; END IF;
  IF v_ls = 'pending' THEN
    a.pending := a.pending - v_actual;
  ELSIF t.kind = 'earn' THEN
    a.available := a.available - v_actual;
  ELSE
    a.available := a.available + v_actual;
  END IF;
  v_res := ledger__result(v_tx, 'reverse', a, v_actual, p_at,
    jsonb_build_object('requestedAmount', v_r, 'reversesId', p_target::text, 'policy', p_policy));
  INSERT INTO ledger_transactions (business_id, id, idempotency_key, request_hash, kind, unit, account_id, amount,
    requested_amount, reverses_id, reason, reference, metadata, result, effective_at)
  VALUES (p_b, v_tx, p_key, p_hash, 'reverse', a.unit, a.id, v_actual, v_r, p_target, p_reason, p_reference,
          p_metadata, v_res, p_at)
  ON CONFLICT ON CONSTRAINT ledger_transactions_idempotency DO NOTHING;
  IF NOT FOUND THEN PERFORM ledger__lost_race(p_b, p_key, p_hash); END IF;
  IF v_actual > 0 THEN
    IF v_ls = 'pending' THEN
      INSERT INTO ledger_lot_moves (business_id, lot_id, transaction_id, amount) VALUES (p_b, lot.id, v_tx, -v_actual);
      UPDATE ledger_lots SET remaining = remaining - v_actual,
             status = CASE WHEN remaining - v_actual = 0 THEN 'voided' ELSE status END
       WHERE business_id = p_b AND id = lot.id;
      IF lot.remaining - v_actual = 0 THEN
        UPDATE ledger_holds SET status = 'released', resolved_tx_id = v_tx
         WHERE business_id = p_b AND lot_id = lot.id AND status = 'open';
      END IF;
      INSERT INTO ledger_entries (business_id, transaction_id, account_id, bucket, amount, available_after, pending_after, held_after, account_version, effective_at)
      VALUES (p_b, v_tx, a.id, 'pending', -v_actual, a.available, a.pending, a.held, a.version, p_at),
             (p_b, v_tx, v_sys, 'available', v_actual, NULL, NULL, NULL, NULL, p_at);
    ELSIF t.kind = 'earn' THEN
      IF v_take > 0 THEN
        INSERT INTO ledger_lot_moves (business_id, lot_id, transaction_id, amount) VALUES (p_b, lot.id, v_tx, -v_take);
        UPDATE ledger_lots SET remaining = remaining - v_take WHERE business_id = p_b AND id = lot.id;
      END IF;
      PERFORM ledger__consume(p_b, a.id, least(v_other, v_actual - v_take), v_tx);
      IF v_debt > 0 THEN
        SELECT id INTO v_debt_lot FROM ledger_lots WHERE business_id = p_b AND account_id = a.id AND kind = 'debt';
        IF v_debt_lot IS NULL THEN
          INSERT INTO ledger_lots (business_id, account_id, transaction_id, kind, status, amount, remaining, effective_at)
          VALUES (p_b, a.id, v_tx, 'debt', 'available', 0, -v_debt, p_at) RETURNING id INTO v_debt_lot;
        ELSE
          UPDATE ledger_lots SET remaining = remaining - v_debt WHERE business_id = p_b AND id = v_debt_lot;
        END IF;
        INSERT INTO ledger_lot_moves (business_id, lot_id, transaction_id, amount) VALUES (p_b, v_debt_lot, v_tx, -v_debt);
      END IF;
      INSERT INTO ledger_entries (business_id, transaction_id, account_id, bucket, amount, available_after, pending_after, held_after, account_version, effective_at)
      VALUES (p_b, v_tx, a.id, 'available', -v_actual, a.available, a.pending, a.held, a.version, p_at),
             (p_b, v_tx, v_sys, 'available', v_actual, NULL, NULL, NULL, NULL, p_at);
    ELSE
      IF t.kind = 'capture' THEN v_src := v_hold.created_tx_id; ELSE v_src := p_target; END IF;
      v_left := v_actual;
      FOR l IN
        SELECT m.lot_id, -sum(m.amount)::bigint AS outstanding
          FROM ledger_lot_moves m JOIN ledger_lots x ON x.business_id = m.business_id AND x.id = m.lot_id
         WHERE m.business_id = p_b
           AND m.transaction_id IN (SELECT v_src UNION ALL
                                    SELECT id FROM ledger_transactions WHERE business_id = p_b AND reverses_id = p_target)
         GROUP BY m.lot_id, x.expires_at
        HAVING sum(m.amount) < 0
         ORDER BY x.expires_at DESC NULLS FIRST, m.lot_id DESC
      LOOP
        v_t := least(l.outstanding, v_left);
        UPDATE ledger_lots SET remaining = remaining + v_t WHERE business_id = p_b AND id = l.lot_id;
        INSERT INTO ledger_lot_moves (business_id, lot_id, transaction_id, amount) VALUES (p_b, l.lot_id, v_tx, v_t);
        v_left := v_left - v_t;
        EXIT WHEN v_left = 0;
      END LOOP;
      IF v_left <> 0 THEN
        RAISE EXCEPTION 'ledger: cannot find lots to restore % of transaction %', v_left, p_target USING ERRCODE = 'XX000';
      END IF;
      INSERT INTO ledger_entries (business_id, transaction_id, account_id, bucket, amount, available_after, pending_after, held_after, account_version, effective_at)
      VALUES (p_b, v_tx, a.id, 'available', v_actual, a.available, a.pending, a.held, a.version, p_at),
             (p_b, v_tx, v_sys, 'available', -v_actual, NULL, NULL, NULL, NULL, p_at);
    END IF;
  END IF;
  PERFORM ledger__store(a);
  PERFORM ledger__bump_slots(p_b, (a.id % 16)::integer, ARRAY[s.o_expired_acc, v_sys],
    ARRAY[s.o_expired, CASE WHEN t.kind = 'earn' THEN v_actual ELSE -v_actual END]);
  RETURN v_res;
END $$;

-- ------------------------------------------------------- expiry run
CREATE OR REPLACE FUNCTION ledger_settle_account(p_b uuid, p_account bigint, p_at timestamptz)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE a ledger_accounts; s record;
BEGIN
  SELECT * INTO a FROM ledger_accounts WHERE business_id = p_b AND id = p_account FOR NO KEY UPDATE;
  IF NOT FOUND THEN RETURN jsonb_build_object('expired', 0, 'holdsExpired', 0, 'matured', 0); END IF;
  SELECT * INTO s FROM ledger__settle(p_b, a, p_at);
  IF (s.o_a).version <> a.version THEN
    PERFORM ledger__store(s.o_a);
    PERFORM ledger__bump_slots(p_b, (a.id % 16)::integer, ARRAY[s.o_expired_acc], ARRAY[s.o_expired]);
  END IF;
  RETURN jsonb_build_object('expired', s.o_expired, 'holdsExpired', s.o_holds, 'matured', s.o_matured);
END $$;

CREATE OR REPLACE FUNCTION ledger_holder_snapshot(p_b uuid, p_ot text, p_oid text, p_expiring_unit text,
  p_from timestamptz, p_until timestamptz)
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE v_bal jsonb; v_exp jsonb;
BEGIN
  SELECT jsonb_object_agg(a.unit, jsonb_build_array(a.available, a.pending, a.held)) INTO v_bal
    FROM ledger_accounts a
   WHERE a.business_id = p_b AND a.owner_type = p_ot AND a.owner_id = p_oid;
  SELECT jsonb_agg(jsonb_build_array(x.at_ms, x.amount) ORDER BY x.at_ms) INTO v_exp
    FROM (SELECT (extract(epoch FROM l.expires_at) * 1000)::bigint AS at_ms, sum(l.remaining)::bigint AS amount
            FROM ledger_accounts a
            JOIN ledger_lots l ON l.business_id = a.business_id AND l.account_id = a.id
           WHERE a.business_id = p_b AND a.unit = p_expiring_unit AND a.owner_type = p_ot AND a.owner_id = p_oid
             AND l.status = 'available' AND l.remaining > 0 AND l.expires_at > p_from AND l.expires_at <= p_until
           GROUP BY l.expires_at) x;
  RETURN jsonb_build_object('balances', coalesce(v_bal, '{}'::jsonb), 'expiring', coalesce(v_exp, '[]'::jsonb));
END $$;
