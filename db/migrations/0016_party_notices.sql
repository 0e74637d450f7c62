CREATE TABLE "party_notices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"covenant_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"meeting_id" uuid,
	"record_id" uuid,
	"item_position" integer,
	"subject_request_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by_membership_id" uuid,
	CONSTRAINT "party_notices_kind" CHECK ("party_notices"."kind" in ('rectification', 'request_carried_out')),
	CONSTRAINT "party_notices_reference" CHECK (("party_notices"."kind" = 'rectification') = ("party_notices"."record_id" is not null and "party_notices"."meeting_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "authority_notified_by_membership_id" uuid;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "late_reason" text;--> statement-breakpoint
ALTER TABLE "party_notices" ADD CONSTRAINT "party_notices_covenant_id_covenants_id_fk" FOREIGN KEY ("covenant_id") REFERENCES "public"."covenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_notices" ADD CONSTRAINT "party_notices_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_notices" ADD CONSTRAINT "party_notices_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_notices" ADD CONSTRAINT "party_notices_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_notices" ADD CONSTRAINT "party_notices_subject_request_id_subject_requests_id_fk" FOREIGN KEY ("subject_request_id") REFERENCES "public"."subject_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_notices" ADD CONSTRAINT "party_notices_acknowledged_by_membership_id_memberships_id_fk" FOREIGN KEY ("acknowledged_by_membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "party_notices_record_party" ON "party_notices" USING btree ("record_id","organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "party_notices_request_party" ON "party_notices" USING btree ("subject_request_id","organisation_id");--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_authority_notified_by_membership_id_memberships_id_fk" FOREIGN KEY ("authority_notified_by_membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;