CREATE TABLE "live"."yjs_set_aside" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "live"."yjs_set_aside_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"doc_name" text NOT NULL,
	"source" text NOT NULL,
	"update" "bytea" NOT NULL,
	"reason" text NOT NULL,
	"set_aside_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "yjs_set_aside_doc" ON "live"."yjs_set_aside" USING btree ("doc_name");