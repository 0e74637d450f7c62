CREATE TABLE "casefile"."case_disclosure_consents" (
	"disclosure_id" uuid NOT NULL,
	"capacity" text NOT NULL,
	"decision" text NOT NULL,
	"membership_id" uuid NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_disclosure_consents_disclosure_id_capacity_pk" PRIMARY KEY("disclosure_id","capacity"),
	CONSTRAINT "case_disclosure_consents_decision" CHECK ("casefile"."case_disclosure_consents"."decision" in ('consent', 'refuse'))
);
--> statement-breakpoint
CREATE TABLE "casefile"."case_disclosures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"file_id" uuid NOT NULL,
	"compartment" text NOT NULL,
	"recipient_party_id" uuid NOT NULL,
	"owner_party_id" uuid,
	"purpose" text NOT NULL,
	"legal_basis" text NOT NULL,
	"necessity" text NOT NULL,
	"data_kind" text NOT NULL,
	"care" text NOT NULL,
	"state" text NOT NULL,
	"proposed_by_membership_id" uuid NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"revoked_by_membership_id" uuid,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "case_disclosures_state" CHECK ("casefile"."case_disclosures"."state" in ('proposed', 'active', 'refused', 'revoked'))
);
--> statement-breakpoint
ALTER TABLE "casefile"."case_disclosure_consents" ADD CONSTRAINT "case_disclosure_consents_disclosure_id_case_disclosures_id_fk" FOREIGN KEY ("disclosure_id") REFERENCES "casefile"."case_disclosures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casefile"."case_disclosure_consents" ADD CONSTRAINT "case_disclosure_consents_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casefile"."case_disclosures" ADD CONSTRAINT "case_disclosures_file_id_case_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "casefile"."case_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casefile"."case_disclosures" ADD CONSTRAINT "case_disclosures_recipient_party_id_parties_id_fk" FOREIGN KEY ("recipient_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casefile"."case_disclosures" ADD CONSTRAINT "case_disclosures_owner_party_id_parties_id_fk" FOREIGN KEY ("owner_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casefile"."case_disclosures" ADD CONSTRAINT "case_disclosures_proposed_by_membership_id_memberships_id_fk" FOREIGN KEY ("proposed_by_membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casefile"."case_disclosures" ADD CONSTRAINT "case_disclosures_revoked_by_membership_id_memberships_id_fk" FOREIGN KEY ("revoked_by_membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_disclosures_file" ON "casefile"."case_disclosures" USING btree ("file_id");