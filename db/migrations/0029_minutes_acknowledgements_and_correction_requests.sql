CREATE TABLE "minutes_acknowledgements" (
	"meeting_id" uuid NOT NULL,
	"record_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "minutes_acknowledgements_meeting_id_membership_id_pk" PRIMARY KEY("meeting_id","membership_id")
);
--> statement-breakpoint
CREATE TABLE "minutes_correction_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"record_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"compartment" text NOT NULL,
	"field" text NOT NULL,
	"requester_membership_id" uuid NOT NULL,
	"sealed" jsonb NOT NULL,
	"status" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"answered_by_membership_id" uuid,
	"answered_at" timestamp with time zone,
	"rectification_record_id" uuid
);
--> statement-breakpoint
ALTER TABLE "minutes_acknowledgements" ADD CONSTRAINT "minutes_acknowledgements_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_acknowledgements" ADD CONSTRAINT "minutes_acknowledgements_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_correction_requests" ADD CONSTRAINT "minutes_correction_requests_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_correction_requests" ADD CONSTRAINT "minutes_correction_requests_requester_membership_id_memberships_id_fk" FOREIGN KEY ("requester_membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_correction_requests" ADD CONSTRAINT "minutes_correction_requests_answered_by_membership_id_memberships_id_fk" FOREIGN KEY ("answered_by_membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;