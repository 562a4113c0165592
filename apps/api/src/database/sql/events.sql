-- Outbox functions (the one source; see pos.sql for the rules).

-- Ledger expiries and maturing pending points, wherever the ledger does them
-- (the settle run, or the due processing inside a spend or a reversal): one
-- ledger.expired / ledger.matured event per ledger transaction, in the same
-- transaction. Earns, spends and captures that no purchase wrote (idempotency
-- key not 'purchase:...': manual adjustments, import awards, redemptions alone,
-- bonuses, rebates, store credit) get a ledger.posted event, so that projections
-- (the dashboard) see every writer. A row trigger with a WHEN clause on
-- ledger_transactions: the purchase's own postings and other kinds never call it.
CREATE OR REPLACE FUNCTION events_ledger_transaction()
RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v record;
BEGIN
  SELECT owner_type, owner_id INTO v FROM ledger_accounts WHERE business_id = NEW.business_id AND id = NEW.account_id;
  INSERT INTO domain_events (business_id, type, payload, occurred_at, recorded_at)
  VALUES (NEW.business_id, CASE NEW.kind WHEN 'expire' THEN 'ledger.expired' WHEN 'mature' THEN 'ledger.matured' ELSE 'ledger.posted' END,
    jsonb_build_object('ledgerTransactionId', NEW.id::text, 'accountId', NEW.account_id::text, 'unit', NEW.unit,
      'ownerType', v.owner_type, 'ownerId', v.owner_id, 'amount', NEW.amount, 'kind', NEW.kind),
    NEW.effective_at, NEW.effective_at);
  RETURN NULL;
END $$;
