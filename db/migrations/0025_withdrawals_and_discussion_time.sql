CREATE TABLE "agenda_item_removals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"agenda_item_id" uuid NOT NULL,
	"weighing_file_id" uuid,
	"case_file_id" uuid,
	"reason" text NOT NULL,
	"by_membership_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "file_restorations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"file_kind" text NOT NULL,
	"file_id" uuid NOT NULL,
	"order" text NOT NULL,
	"by_membership_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "discussed_seconds" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "current_item_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "cancelled_by_membership_id" uuid;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "cancellation_reason" text;--> statement-breakpoint
ALTER TABLE "agenda_item_removals" ADD CONSTRAINT "agenda_item_removals_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_item_removals" ADD CONSTRAINT "agenda_item_removals_by_membership_id_memberships_id_fk" FOREIGN KEY ("by_membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_restorations" ADD CONSTRAINT "file_restorations_by_membership_id_memberships_id_fk" FOREIGN KEY ("by_membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_cancelled_by_membership_id_memberships_id_fk" FOREIGN KEY ("cancelled_by_membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;