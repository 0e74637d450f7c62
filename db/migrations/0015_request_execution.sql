ALTER TABLE "subject_requests" ADD COLUMN "carried_out_on" date;--> statement-breakpoint
ALTER TABLE "subject_requests" ADD COLUMN "parties_notified_on" date;