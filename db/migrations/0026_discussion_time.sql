ALTER TABLE "agenda_items" ADD COLUMN "discussed_seconds" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "current_item_since" timestamp with time zone;