CREATE TABLE "consent_rounds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"agenda_item_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"proposal" jsonb NOT NULL,
	"asked_by_membership_id" uuid NOT NULL,
	"asked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consent_votes" (
	"round_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"vote" text NOT NULL,
	"remark" text,
	"voted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "consent_votes_round_id_membership_id_pk" PRIMARY KEY("round_id","membership_id"),
	CONSTRAINT "consent_votes_vote" CHECK ("consent_votes"."vote" in ('agree', 'object')),
	CONSTRAINT "consent_votes_objection_remark" CHECK ("consent_votes"."vote" = 'agree' or "consent_votes"."remark" is not null)
);
--> statement-breakpoint
CREATE TABLE "agenda_item_outcomes" (
	"agenda_item_id" uuid PRIMARY KEY NOT NULL,
	"outcome" text NOT NULL,
	"round_id" uuid,
	"decided_by_membership_id" uuid NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	CONSTRAINT "agenda_item_outcomes_outcome" CHECK ("agenda_item_outcomes"."outcome" in ('agreed', 'carried_over')),
	CONSTRAINT "agenda_item_outcomes_round" CHECK (("agenda_item_outcomes"."outcome" = 'agreed') = ("agenda_item_outcomes"."round_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "notification_duties" (
	"id" uuid PRIMARY KEY NOT NULL,
	"covenant_id" uuid NOT NULL,
	"subject_id" uuid NOT NULL,
	"weighing_decision_id" uuid NOT NULL,
	"record_id" uuid NOT NULL,
	"state" text NOT NULL,
	"due_since" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "weighing"."weighing_files" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "weighing"."weighing_files" ADD COLUMN "closed_by_record_id" uuid;--> statement-breakpoint
ALTER TABLE "casefile"."case_files" ADD COLUMN "next_review_on" date;--> statement-breakpoint
ALTER TABLE "casefile"."case_files" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "casefile"."case_files" ADD COLUMN "closed_by_record_id" uuid;--> statement-breakpoint
ALTER TABLE "consent_rounds" ADD CONSTRAINT "consent_rounds_agenda_item_id_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."agenda_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_rounds" ADD CONSTRAINT "consent_rounds_asked_by_membership_id_memberships_id_fk" FOREIGN KEY ("asked_by_membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_votes" ADD CONSTRAINT "consent_votes_round_id_consent_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."consent_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_votes" ADD CONSTRAINT "consent_votes_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_item_outcomes" ADD CONSTRAINT "agenda_item_outcomes_agenda_item_id_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."agenda_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_item_outcomes" ADD CONSTRAINT "agenda_item_outcomes_round_id_consent_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."consent_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_item_outcomes" ADD CONSTRAINT "agenda_item_outcomes_decided_by_membership_id_memberships_id_fk" FOREIGN KEY ("decided_by_membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_duties" ADD CONSTRAINT "notification_duties_covenant_id_covenants_id_fk" FOREIGN KEY ("covenant_id") REFERENCES "public"."covenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_duties" ADD CONSTRAINT "notification_duties_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "consent_rounds_item_round" ON "consent_rounds" USING btree ("agenda_item_id","round");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_duties_decision" ON "notification_duties" USING btree ("weighing_decision_id");