ALTER TABLE "member" ADD COLUMN "capacity_limit" integer;--> statement-breakpoint
ALTER TABLE "shop" ADD COLUMN "previous_webhook_secret" text;--> statement-breakpoint
ALTER TABLE "shop" ADD COLUMN "previous_webhook_secret_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "shop" ADD COLUMN "delivery_url" text;--> statement-breakpoint
ALTER TABLE "shop" ADD COLUMN "archived_at" timestamp with time zone;