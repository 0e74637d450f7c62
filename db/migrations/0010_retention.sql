ALTER TABLE "weighing"."weighing_files" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "weighing"."weighing_files" ADD COLUMN "destroyed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "casefile"."case_files" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "casefile"."case_files" ADD COLUMN "destroyed_at" timestamp with time zone;