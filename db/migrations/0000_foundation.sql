CREATE SCHEMA "weighing";
--> statement-breakpoint
CREATE SCHEMA "casefile";
--> statement-breakpoint
CREATE SCHEMA "audit";
--> statement-breakpoint
CREATE TABLE "covenants" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"region" text NOT NULL,
	"policy" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "parties" (
	"id" uuid PRIMARY KEY NOT NULL,
	"covenant_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"annex1" boolean DEFAULT false NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reference_criteria" (
	"id" uuid PRIMARY KEY NOT NULL,
	"framework_id" uuid NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reference_frameworks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"covenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"is_example" boolean NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login_failures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"username_key" text NOT NULL,
	"failed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"covenant_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"role" text NOT NULL,
	"capacity" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disabled_at" timestamp with time zone,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "subjects" (
	"id" uuid PRIMARY KEY NOT NULL,
	"covenant_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "weighing"."weighing_decision_parties" (
	"decision_id" uuid NOT NULL,
	"party_id" uuid NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "weighing_decision_parties_decision_id_party_id_role_pk" PRIMARY KEY("decision_id","party_id","role")
);
--> statement-breakpoint
CREATE TABLE "weighing"."weighing_decisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"file_id" uuid NOT NULL,
	"meeting_id" uuid,
	"outcome" text NOT NULL,
	"grounds" text NOT NULL,
	"framework_id" uuid NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"recorded_by_user_id" uuid NOT NULL,
	"case_file_id" uuid
);
--> statement-breakpoint
CREATE TABLE "weighing"."weighing_files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"covenant_id" uuid NOT NULL,
	"subject_id" uuid NOT NULL,
	"name" text NOT NULL,
	"date_of_birth" date,
	"address" text,
	"residence" text,
	"status" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"last_processed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "weighing_files_subject_id_unique" UNIQUE("subject_id")
);
--> statement-breakpoint
CREATE TABLE "weighing"."weighing_findings" (
	"decision_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"finding" text NOT NULL,
	"grounds" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "weighing_findings_decision_id_criterion_id_pk" PRIMARY KEY("decision_id","criterion_id")
);
--> statement-breakpoint
CREATE TABLE "weighing"."weighing_signals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"file_id" uuid NOT NULL,
	"description" text NOT NULL,
	"observed_on" date NOT NULL,
	"brought_by_party_id" uuid NOT NULL,
	"reporter_name" text NOT NULL,
	"reporter_contact" text NOT NULL,
	"phenomenon" text NOT NULL,
	"setting" text NOT NULL,
	"registered_by_user_id" uuid NOT NULL,
	"registered_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "casefile"."case_files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"covenant_id" uuid NOT NULL,
	"subject_id" uuid NOT NULL,
	"name" text NOT NULL,
	"date_of_birth" date,
	"address" text,
	"residence" text,
	"analysis" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_processed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "casefile"."case_involved_parties" (
	"file_id" uuid NOT NULL,
	"party_id" uuid NOT NULL,
	CONSTRAINT "case_involved_parties_file_id_party_id_pk" PRIMARY KEY("file_id","party_id")
);
--> statement-breakpoint
CREATE TABLE "casefile"."case_signals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"file_id" uuid NOT NULL,
	"description" text NOT NULL,
	"observed_on" date NOT NULL,
	"brought_by_party_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "casefile"."case_measures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"plan_id" uuid NOT NULL,
	"description" text NOT NULL,
	"owner_party_id" uuid NOT NULL,
	"due_on" date,
	"status" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "casefile"."case_plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"file_id" uuid NOT NULL,
	"goal" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_plans_file_id_unique" UNIQUE("file_id")
);
--> statement-breakpoint
CREATE TABLE "casefile"."case_related_persons" (
	"id" uuid PRIMARY KEY NOT NULL,
	"file_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"relation" text NOT NULL,
	"details" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agenda_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"subject_id" uuid NOT NULL,
	"weighing_file_id" uuid,
	"case_file_id" uuid,
	CONSTRAINT "agenda_items_one_file" CHECK (("agenda_items"."weighing_file_id" is null) <> ("agenda_items"."case_file_id" is null))
);
--> statement-breakpoint
CREATE TABLE "meeting_participants" (
	"meeting_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "meeting_participants_meeting_id_membership_id_pk" PRIMARY KEY("meeting_id","membership_id")
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"covenant_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"scheduled_at" timestamp with time zone NOT NULL,
	"state" text NOT NULL,
	"created_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit"."log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"user_id" uuid,
	"organisation_id" uuid,
	"capacity" text,
	"role" text,
	"on_behalf_of" text,
	"action" text NOT NULL,
	"object_type" text NOT NULL,
	"object_id" text,
	"subject_id" uuid,
	"field_group" text,
	"result" text NOT NULL,
	"rule" text,
	"purpose" text NOT NULL,
	"ip" text,
	"user_agent" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "parties" ADD CONSTRAINT "parties_covenant_id_covenants_id_fk" FOREIGN KEY ("covenant_id") REFERENCES "public"."covenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parties" ADD CONSTRAINT "parties_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_criteria" ADD CONSTRAINT "reference_criteria_framework_id_reference_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."reference_frameworks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_frameworks" ADD CONSTRAINT "reference_frameworks_covenant_id_covenants_id_fk" FOREIGN KEY ("covenant_id") REFERENCES "public"."covenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_covenant_id_covenants_id_fk" FOREIGN KEY ("covenant_id") REFERENCES "public"."covenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subjects" ADD CONSTRAINT "subjects_covenant_id_covenants_id_fk" FOREIGN KEY ("covenant_id") REFERENCES "public"."covenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weighing"."weighing_decision_parties" ADD CONSTRAINT "weighing_decision_parties_decision_id_weighing_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "weighing"."weighing_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weighing"."weighing_decision_parties" ADD CONSTRAINT "weighing_decision_parties_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weighing"."weighing_decisions" ADD CONSTRAINT "weighing_decisions_file_id_weighing_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "weighing"."weighing_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weighing"."weighing_decisions" ADD CONSTRAINT "weighing_decisions_framework_id_reference_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."reference_frameworks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weighing"."weighing_decisions" ADD CONSTRAINT "weighing_decisions_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weighing"."weighing_files" ADD CONSTRAINT "weighing_files_covenant_id_covenants_id_fk" FOREIGN KEY ("covenant_id") REFERENCES "public"."covenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weighing"."weighing_files" ADD CONSTRAINT "weighing_files_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weighing"."weighing_findings" ADD CONSTRAINT "weighing_findings_decision_id_weighing_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "weighing"."weighing_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weighing"."weighing_findings" ADD CONSTRAINT "weighing_findings_criterion_id_reference_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."reference_criteria"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weighing"."weighing_signals" ADD CONSTRAINT "weighing_signals_file_id_weighing_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "weighing"."weighing_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weighing"."weighing_signals" ADD CONSTRAINT "weighing_signals_brought_by_party_id_parties_id_fk" FOREIGN KEY ("brought_by_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weighing"."weighing_signals" ADD CONSTRAINT "weighing_signals_registered_by_user_id_users_id_fk" FOREIGN KEY ("registered_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casefile"."case_files" ADD CONSTRAINT "case_files_covenant_id_covenants_id_fk" FOREIGN KEY ("covenant_id") REFERENCES "public"."covenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casefile"."case_files" ADD CONSTRAINT "case_files_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casefile"."case_involved_parties" ADD CONSTRAINT "case_involved_parties_file_id_case_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "casefile"."case_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casefile"."case_involved_parties" ADD CONSTRAINT "case_involved_parties_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casefile"."case_signals" ADD CONSTRAINT "case_signals_file_id_case_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "casefile"."case_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casefile"."case_signals" ADD CONSTRAINT "case_signals_brought_by_party_id_parties_id_fk" FOREIGN KEY ("brought_by_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casefile"."case_measures" ADD CONSTRAINT "case_measures_plan_id_case_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "casefile"."case_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casefile"."case_measures" ADD CONSTRAINT "case_measures_owner_party_id_parties_id_fk" FOREIGN KEY ("owner_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casefile"."case_plans" ADD CONSTRAINT "case_plans_file_id_case_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "casefile"."case_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casefile"."case_related_persons" ADD CONSTRAINT "case_related_persons_file_id_case_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "casefile"."case_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_subject_id_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_weighing_file_id_weighing_files_id_fk" FOREIGN KEY ("weighing_file_id") REFERENCES "weighing"."weighing_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_case_file_id_case_files_id_fk" FOREIGN KEY ("case_file_id") REFERENCES "casefile"."case_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_participants" ADD CONSTRAINT "meeting_participants_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_participants" ADD CONSTRAINT "meeting_participants_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_covenant_id_covenants_id_fk" FOREIGN KEY ("covenant_id") REFERENCES "public"."covenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "parties_covenant_organisation" ON "parties" USING btree ("covenant_id","organisation_id");--> statement-breakpoint
CREATE INDEX "login_failures_key_time" ON "login_failures" USING btree ("username_key","failed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_one_active_per_user" ON "memberships" USING btree ("user_id") WHERE "memberships"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "sessions_user" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "subjects_covenant_reference" ON "subjects" USING btree ("covenant_id","reference");--> statement-breakpoint
CREATE INDEX "weighing_decisions_file" ON "weighing"."weighing_decisions" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "weighing_files_covenant" ON "weighing"."weighing_files" USING btree ("covenant_id");--> statement-breakpoint
CREATE INDEX "weighing_signals_file" ON "weighing"."weighing_signals" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "case_files_covenant" ON "casefile"."case_files" USING btree ("covenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "agenda_items_meeting_subject" ON "agenda_items" USING btree ("meeting_id","subject_id");