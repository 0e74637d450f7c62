CREATE TABLE "meeting_admissions" (
	"meeting_id" uuid NOT NULL,
	"agenda_item_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"admitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "meeting_admissions_agenda_item_id_membership_id_pk" PRIMARY KEY("agenda_item_id","membership_id")
);
--> statement-breakpoint
ALTER TABLE "meeting_participants" ADD COLUMN "scope" text DEFAULT 'meeting' NOT NULL;--> statement-breakpoint
ALTER TABLE "meeting_admissions" ADD CONSTRAINT "meeting_admissions_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_admissions" ADD CONSTRAINT "meeting_admissions_agenda_item_id_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."agenda_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_admissions" ADD CONSTRAINT "meeting_admissions_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_participants" ADD CONSTRAINT "meeting_participants_scope" CHECK ("meeting_participants"."scope" in ('meeting', 'items'));