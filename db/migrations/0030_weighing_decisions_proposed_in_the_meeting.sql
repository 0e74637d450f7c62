ALTER TABLE "weighing"."weighing_decisions" ADD COLUMN "state" text DEFAULT 'proposed' NOT NULL;--> statement-breakpoint
-- Decisions recorded before this change took effect at once: those of a meeting count as taken, those recorded
-- without one keep saying so (they are shown as such, never upgraded).
UPDATE "weighing"."weighing_decisions" SET "state" = CASE WHEN "meeting_id" IS NULL THEN 'outside_meeting' ELSE 'taken' END;
