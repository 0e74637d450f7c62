CREATE TABLE "live"."yjs_heads" (
	"doc_name" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "live"."yjs_snapshots" ADD COLUMN "upto_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "live"."yjs_updates" ADD COLUMN "seq" bigint;--> statement-breakpoint
-- The log as it stands gets seqs in its commit order; a snapshot folded everything before it (upto_seq 0).
UPDATE "live"."yjs_updates" AS u SET "seq" = o."seq"
FROM (SELECT "id", row_number() OVER (PARTITION BY "doc_name" ORDER BY "id") AS "seq" FROM "live"."yjs_updates") AS o
WHERE u."id" = o."id";--> statement-breakpoint
INSERT INTO "live"."yjs_heads" ("doc_name", "seq")
SELECT "doc_name", max("seq") FROM "live"."yjs_updates" GROUP BY "doc_name";--> statement-breakpoint
ALTER TABLE "live"."yjs_updates" ALTER COLUMN "seq" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "yjs_updates_doc_seq" ON "live"."yjs_updates" USING btree ("doc_name","seq");--> statement-breakpoint
-- The freeze fence in the write itself (several instances). A meeting's lock: taken shared by every write to its
-- documents, exclusive by the fence (server/services/freeze/fence.ts) in the transaction that moves it to closing.
CREATE FUNCTION live.meeting_lock_key(meeting uuid) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT hashtextextended('casustafel:meeting:' || meeting::text, 0)
$$;--> statement-breakpoint
-- The meetings among `ids` that accept no edits now (shared/domain/meetings.ts acceptsEdits: scheduled, open). Their
-- locks are taken first (shared, held to the end of the calling write): a fence being raised is waited for, and the
-- next one waits for this write to commit; the state is then read afresh (a new snapshot per statement here), so a
-- write after the fence always sees it.
CREATE FUNCTION live.meetings_refusing_edits(ids uuid[]) RETURNS uuid[] LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(live.meeting_lock_key(id)) FROM unnest(ids) AS id ORDER BY id;
  RETURN ARRAY(SELECT id FROM public.meetings WHERE id = ANY(ids) AND state NOT IN ('scheduled', 'open'));
END $$;
