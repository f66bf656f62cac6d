ALTER TABLE "saved_reply" ADD COLUMN "category" text;--> statement-breakpoint
ALTER TABLE "voucher" ADD COLUMN "quantity" integer;--> statement-breakpoint
ALTER TABLE "voucher" ADD COLUMN "claimed" integer DEFAULT 0 NOT NULL;