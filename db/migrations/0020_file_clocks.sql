-- A file's clocks decide when its retention ends (convenant art. 13.1, 13.3): records.retention_ended reads its
-- last processing and its destruction moment. The application role could otherwise back-date the one or
-- post-date the other and have the triggers of 0018 let an early destruction through. Now it can set neither
-- further than an hour from PostgreSQL's own clock (the leeway of 0018, for clock changes): the last processing not
-- into the past, the destruction not into the future. The owner (migrations, an operator's repair, a test's time
-- travel) may: it could switch this trigger off anyway, and the hash chains catch what it does then.
--
-- "PostgreSQL's own clock" is now(), shifted by records.clock_shift, which only the owner may write (the
-- application role may read it; see db/roles.ts). In production it is empty; tests travel in time with it.
CREATE TABLE records.clock_shift (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  shift interval NOT NULL
);
--> statement-breakpoint
CREATE FUNCTION records.database_now() RETURNS timestamptz LANGUAGE sql STABLE AS $$
  SELECT now() + coalesce((SELECT s.shift FROM records.clock_shift s), interval '0')
$$;
--> statement-breakpoint
CREATE FUNCTION public.file_clocks_follow_the_database() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'USAGE') THEN
    RETURN NEW;
  END IF;
  IF (TG_OP = 'INSERT' OR NEW.last_processed_at IS DISTINCT FROM OLD.last_processed_at)
     AND NEW.last_processed_at < records.database_now() - interval '1 hour' THEN
    RAISE EXCEPTION '%.%: the last processing of file % cannot be set in the past (convenant art. 13: retention runs from it)',
      TG_TABLE_SCHEMA, TG_TABLE_NAME, NEW.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.destroyed_at IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.destroyed_at IS DISTINCT FROM OLD.destroyed_at)
     AND NEW.destroyed_at > records.database_now() + interval '1 hour' THEN
    RAISE EXCEPTION '%.%: file % cannot be recorded as destroyed at a future moment (convenant art. 13)',
      TG_TABLE_SCHEMA, TG_TABLE_NAME, NEW.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER weighing_files_clocks BEFORE INSERT OR UPDATE ON weighing.weighing_files
  FOR EACH ROW EXECUTE FUNCTION public.file_clocks_follow_the_database();
--> statement-breakpoint
CREATE TRIGGER case_files_clocks BEFORE INSERT OR UPDATE ON casefile.case_files
  FOR EACH ROW EXECUTE FUNCTION public.file_clocks_follow_the_database();
