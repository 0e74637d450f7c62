ALTER TABLE "live"."yjs_set_aside" ADD COLUMN "file_id" uuid;--> statement-breakpoint
ALTER TABLE "live"."yjs_snapshots" ADD COLUMN "file_id" uuid;--> statement-breakpoint
ALTER TABLE "live"."yjs_updates" ADD COLUMN "file_id" uuid;