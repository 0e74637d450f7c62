CREATE TABLE "meeting_attendance" (
	"agenda_item_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "meeting_attendance_agenda_item_id_membership_id_pk" PRIMARY KEY("agenda_item_id","membership_id")
);
--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "current_item_id" uuid;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_agenda_item_id_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."agenda_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;