CREATE SCHEMA "keystore";
--> statement-breakpoint
CREATE TABLE "keystore"."file_secrets" (
	"file_id" uuid PRIMARY KEY NOT NULL,
	"secret" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"destroyed_at" timestamp with time zone
);
