CREATE TABLE "access_reviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"covenant_id" uuid NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"entries" integer NOT NULL,
	"flagged" integer NOT NULL,
	"findings" text NOT NULL,
	"reviewed_by_membership_id" uuid NOT NULL,
	"reviewed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"covenant_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"occurred_on" date,
	"discovered_at" timestamp with time zone NOT NULL,
	"personal_data" boolean NOT NULL,
	"authority_notification" text NOT NULL,
	"authority_notified_at" timestamp with time zone,
	"actions" text NOT NULL,
	"created_by_membership_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "incidents_authority_notification" CHECK ("incidents"."authority_notification" in ('required', 'not_required', 'undecided'))
);
--> statement-breakpoint
ALTER TABLE "access_reviews" ADD CONSTRAINT "access_reviews_covenant_id_covenants_id_fk" FOREIGN KEY ("covenant_id") REFERENCES "public"."covenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_reviews" ADD CONSTRAINT "access_reviews_reviewed_by_membership_id_memberships_id_fk" FOREIGN KEY ("reviewed_by_membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_covenant_id_covenants_id_fk" FOREIGN KEY ("covenant_id") REFERENCES "public"."covenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_created_by_membership_id_memberships_id_fk" FOREIGN KEY ("created_by_membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;