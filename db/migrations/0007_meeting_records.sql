CREATE SCHEMA "records";
--> statement-breakpoint
CREATE TABLE "records"."meeting_records" (
	"covenant_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"meeting_id" uuid NOT NULL,
	"rectifies_id" uuid,
	"payload" jsonb,
	"payload_hash" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"created_by_membership_id" uuid NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "meeting_records_covenant_id_seq_pk" PRIMARY KEY("covenant_id","seq"),
	CONSTRAINT "meeting_records_id_unique" UNIQUE("id")
);
--> statement-breakpoint
ALTER TABLE "records"."meeting_records" ADD CONSTRAINT "meeting_records_covenant_id_covenants_id_fk" FOREIGN KEY ("covenant_id") REFERENCES "public"."covenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "records"."meeting_records" ADD CONSTRAINT "meeting_records_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "records"."meeting_records" ADD CONSTRAINT "meeting_records_created_by_membership_id_memberships_id_fk" FOREIGN KEY ("created_by_membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Frozen records are final: the database refuses DELETE and TRUNCATE, and every UPDATE except the one
-- destruction allowed at the end of a retention period (convenant art. 13): the payload set to NULL, nothing else
-- changed. The payload's hash stays, so the chain still verifies (npm run records:verify).
CREATE FUNCTION records.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND NEW.payload IS NULL AND OLD.payload IS NOT NULL
     AND NEW.covenant_id = OLD.covenant_id AND NEW.seq = OLD.seq AND NEW.id = OLD.id AND NEW.kind = OLD.kind
     AND NEW.meeting_id = OLD.meeting_id AND NEW.rectifies_id IS NOT DISTINCT FROM OLD.rectifies_id
     AND NEW.payload_hash = OLD.payload_hash AND NEW.created_at = OLD.created_at
     AND NEW.created_by_membership_id = OLD.created_by_membership_id
     AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'records.meeting_records is append-only (frozen minutes are final): % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER meeting_records_refuse_update_delete BEFORE UPDATE OR DELETE ON records.meeting_records
  FOR EACH ROW EXECUTE FUNCTION records.refuse_change();
--> statement-breakpoint
CREATE TRIGGER meeting_records_refuse_truncate BEFORE TRUNCATE ON records.meeting_records
  FOR EACH STATEMENT EXECUTE FUNCTION records.refuse_change();
