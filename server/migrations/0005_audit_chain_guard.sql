-- The writer assigns seq (previous + 1 under an advisory lock): a sequence would leave gaps
-- on rollback that look like deleted entries.
ALTER TABLE audit_log ALTER COLUMN seq DROP DEFAULT;
--> statement-breakpoint
DROP SEQUENCE IF EXISTS audit_log_seq_seq;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
-- UPDATE stays refused always; DELETE gets its own guard below.
DROP TRIGGER audit_log_no_update ON audit_log;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
-- A DELETE is pruning or nothing: only inside a transaction that declared it
-- (SET LOCAL tongxin.audit_prune = 'on'), and never of an entry younger than 180 days
-- (等保 2.0: audit records are kept at least six months), whoever runs the SQL.
CREATE OR REPLACE FUNCTION audit_log_guard_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('tongxin.audit_prune', true), '') <> 'on' THEN
    RAISE EXCEPTION 'audit_log is append-only (DELETE refused outside pruning)'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.at >= now() - interval '180 days' THEN
    RAISE EXCEPTION 'audit_log entry % is younger than 180 days and may not be pruned', OLD.seq
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN OLD;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_guard_delete BEFORE DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_guard_delete();
--> statement-breakpoint
-- After the statement: what was removed must be the oldest prefix of the chain, and an anchor
-- holding the last removed entry's hash must exist, so the rest stays verifiable.
CREATE OR REPLACE FUNCTION audit_log_guard_prune() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  SELECT seq, hash INTO last_seq, last_hash FROM pruned ORDER BY seq DESC LIMIT 1;
  IF last_seq IS NULL THEN
    RETURN NULL;
  END IF;
  IF EXISTS (SELECT 1 FROM audit_log WHERE seq < last_seq) THEN
    RAISE EXCEPTION 'only the oldest audit_log entries may be pruned (older entries than % remain)', last_seq
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM audit_anchor WHERE through_seq = last_seq AND hash = last_hash) THEN
    RAISE EXCEPTION 'pruning audit_log through % needs an audit_anchor row holding its hash', last_seq
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_guard_prune AFTER DELETE ON audit_log
  REFERENCING OLD TABLE AS pruned
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard_prune();
--> statement-breakpoint
-- An anchor must name an entry that exists, with its true hash, when it is written.
CREATE OR REPLACE FUNCTION audit_anchor_check() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.through_seq AND hash = NEW.hash) THEN
    RAISE EXCEPTION 'audit_anchor % does not match an audit_log entry', NEW.through_seq
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_anchor_check BEFORE INSERT ON audit_anchor
  FOR EACH ROW EXECUTE FUNCTION audit_anchor_check();
--> statement-breakpoint
CREATE TRIGGER audit_anchor_no_update BEFORE UPDATE OR DELETE ON audit_anchor
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_anchor_no_truncate BEFORE TRUNCATE ON audit_anchor
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
