ALTER TABLE "oidc_logins" ADD COLUMN "step_up_session_id" text;--> statement-breakpoint
ALTER TABLE "oidc_logins" ADD COLUMN "return_to" text;--> statement-breakpoint
ALTER TABLE "oidc_logins" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;