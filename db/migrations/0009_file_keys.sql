CREATE TABLE "records"."file_keys" (
	"file_id" uuid PRIMARY KEY NOT NULL,
	"file_kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"key" text,
	"created_at" timestamp with time zone NOT NULL,
	"destroyed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "records"."file_keys" ADD CONSTRAINT "file_keys_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "records"."file_keys" ADD CONSTRAINT "file_keys_kind" CHECK ("file_kind" in ('weighing', 'case'));
--> statement-breakpoint
-- Crypto-shredding (convenant art. 13): a file key is only ever destroyed (set to NULL), never replaced or
-- restored, and its row is not deleted (the destruction date stays as evidence).
CREATE FUNCTION records.file_key_only_destroyed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.file_id = OLD.file_id AND NEW.file_kind = OLD.file_kind
     AND NEW.subject_id = OLD.subject_id AND NEW.created_at = OLD.created_at
     AND (NEW.key IS NULL OR NEW.key = OLD.key) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'records.file_keys: a key can only be destroyed (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER file_keys_only_destroyed BEFORE UPDATE OR DELETE ON records.file_keys
  FOR EACH ROW EXECUTE FUNCTION records.file_key_only_destroyed();
