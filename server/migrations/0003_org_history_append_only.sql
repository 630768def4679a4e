-- Organisation history is a record, not working data: the database refuses to change or remove it.
CREATE OR REPLACE FUNCTION org_history_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'org_history is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER org_history_no_update BEFORE UPDATE OR DELETE ON org_history
  FOR EACH ROW EXECUTE FUNCTION org_history_append_only();
--> statement-breakpoint
CREATE TRIGGER org_history_no_truncate BEFORE TRUNCATE ON org_history
  FOR EACH STATEMENT EXECUTE FUNCTION org_history_append_only();
