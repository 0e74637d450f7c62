CREATE TABLE "subject_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"covenant_id" uuid NOT NULL,
	"subject_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"requester" text NOT NULL,
	"received_on" date NOT NULL,
	"deadline" date NOT NULL,
	"identity_verified_on" date,
	"details" text NOT NULL,
	"decision" text,
	"decided_on" date,
	"refusal_ground" text,
	"reasoning" text,
	"registered_by_membership_id" uuid NOT NULL,
	"decided_by_membership_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "subject_requests_kind" CHECK ("subject_requests"."kind" in ('access', 'correction', 'deletion', 'objection')),
	CONSTRAINT "subject_requests_refusal" CHECK (("subject_requests"."decision" = 'refused') = ("subject_requests"."refusal_ground" is not null) or "subject_requests"."decision" is null)
);
--> statement-breakpoint
ALTER TABLE "subject_requests" ADD CONSTRAINT "subject_requests_covenant_id_covenants_id_fk" FOREIGN KEY ("covenant_id") REFERENCES "public"."covenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subject_requests" ADD CONSTRAINT "subject_requests_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subject_requests" ADD CONSTRAINT "subject_requests_registered_by_membership_id_memberships_id_fk" FOREIGN KEY ("registered_by_membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subject_requests" ADD CONSTRAINT "subject_requests_decided_by_membership_id_memberships_id_fk" FOREIGN KEY ("decided_by_membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;