CREATE TABLE "records"."subject_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"subject_id" uuid NOT NULL,
	"key" text,
	"created_at" timestamp with time zone NOT NULL,
	"destroyed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "records"."subject_keys" ADD CONSTRAINT "subject_keys_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "subject_keys_live" ON "records"."subject_keys" USING btree ("subject_id") WHERE "records"."subject_keys"."destroyed_at" is null;--> statement-breakpoint
-- A subject's key, like a file's (0018), is only ever destroyed, never replaced, restored or deleted; and only once
-- no file of the subject is left (convenant art. 13: the free text goes with the last file) and the destruction is
-- in the destruction log.
CREATE FUNCTION records.subject_key_only_destroyed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'TRUNCATE') OR (TG_OP = 'UPDATE' AND (NEW.id = OLD.id AND NEW.subject_id = OLD.subject_id
     AND NEW.created_at = OLD.created_at AND (NEW.key IS NULL OR NEW.key = OLD.key)
     AND (OLD.destroyed_at IS NULL OR NEW.destroyed_at IS NOT DISTINCT FROM OLD.destroyed_at)) IS NOT TRUE) THEN
    RAISE EXCEPTION 'records.subject_keys: a key can only be destroyed (% refused)', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (NEW.key IS NULL) <> (NEW.destroyed_at IS NOT NULL) THEN
    RAISE EXCEPTION 'records.subject_keys: a key is destroyed together with its destruction date'
      USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.key IS NULL AND (TG_OP = 'INSERT' OR OLD.key IS NOT NULL) THEN
    IF EXISTS (SELECT 1 FROM weighing.weighing_files w WHERE w.subject_id = NEW.subject_id AND w.destroyed_at IS NULL)
       OR EXISTS (SELECT 1 FROM casefile.case_files k WHERE k.subject_id = NEW.subject_id AND k.destroyed_at IS NULL) THEN
      RAISE EXCEPTION 'records.subject_keys: a file of subject % is left (convenant art. 13): key destruction refused', NEW.subject_id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT records.destruction_logged('subject_key', NEW.id) THEN
      RAISE EXCEPTION 'records.subject_keys: destroying key % needs its entry in records.destructions', NEW.id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER subject_keys_only_destroyed BEFORE INSERT OR UPDATE OR DELETE ON records.subject_keys
  FOR EACH ROW EXECUTE FUNCTION records.subject_key_only_destroyed();
--> statement-breakpoint
CREATE TRIGGER subject_keys_refuse_truncate BEFORE TRUNCATE ON records.subject_keys
  FOR EACH STATEMENT EXECUTE FUNCTION records.subject_key_only_destroyed();
