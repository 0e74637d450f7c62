CREATE TABLE "records"."destructions" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"object_type" text NOT NULL,
	"object_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"destroyed_at" timestamp (3) with time zone NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "destructions_object_unique" UNIQUE("object_type","object_id")
);
