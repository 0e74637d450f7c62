ALTER TABLE "weighing"."weighing_files" ALTER COLUMN "date_of_birth" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "casefile"."case_files" ALTER COLUMN "date_of_birth" SET DATA TYPE text;