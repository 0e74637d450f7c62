CREATE SCHEMA "live";
--> statement-breakpoint
CREATE TABLE "live"."yjs_snapshots" (
	"doc_name" text PRIMARY KEY NOT NULL,
	"state" "bytea" NOT NULL,
	"upto_id" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live"."yjs_updates" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "live"."yjs_updates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"doc_name" text NOT NULL,
	"update" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "yjs_updates_doc" ON "live"."yjs_updates" USING btree ("doc_name","id");