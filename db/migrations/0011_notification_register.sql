CREATE TABLE "notification_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"duty_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"deferral_ground" text,
	"review_on" date,
	"informed_on" date,
	"informed_how" text,
	"by_membership_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notification_duties" ADD COLUMN "deferral_ground" text;--> statement-breakpoint
ALTER TABLE "notification_duties" ADD COLUMN "review_on" date;--> statement-breakpoint
ALTER TABLE "notification_duties" ADD COLUMN "informed_on" date;--> statement-breakpoint
ALTER TABLE "notification_duties" ADD COLUMN "informed_how" text;--> statement-breakpoint
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_duty_id_notification_duties_id_fk" FOREIGN KEY ("duty_id") REFERENCES "public"."notification_duties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_by_membership_id_memberships_id_fk" FOREIGN KEY ("by_membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_duties" ADD CONSTRAINT "notification_duties_state" CHECK ("notification_duties"."state" in ('due', 'deferred', 'informed'));--> statement-breakpoint
ALTER TABLE "notification_duties" ADD CONSTRAINT "notification_duties_deferral" CHECK (("notification_duties"."state" = 'deferred') = ("notification_duties"."deferral_ground" is not null and "notification_duties"."review_on" is not null));--> statement-breakpoint
ALTER TABLE "notification_duties" ADD CONSTRAINT "notification_duties_informed" CHECK (("notification_duties"."state" = 'informed') = ("notification_duties"."informed_on" is not null));