-- Convenant art. 15.2(e): the audit log is append-only. The database itself refuses UPDATE, DELETE and TRUNCATE,
-- whatever the application does; a superuser who disables these triggers is caught by the hash chain
-- (npm run audit:verify).
CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit.log is append-only (convenant art. 15.2e): % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER log_refuse_update_delete BEFORE UPDATE OR DELETE ON audit.log
  FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
--> statement-breakpoint
CREATE TRIGGER log_refuse_truncate BEFORE TRUNCATE ON audit.log
  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
