ALTER TABLE "conversation" ADD COLUMN "customer_blocked" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "customer" ADD COLUMN "blocked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customer" ADD COLUMN "blocked_by_id" text;--> statement-breakpoint
ALTER TABLE "customer" ADD COLUMN "blocked_reason" text;--> statement-breakpoint
ALTER TABLE "customer" ADD CONSTRAINT "customer_blocked_by_id_member_id_fk" FOREIGN KEY ("blocked_by_id") REFERENCES "public"."member"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_blocked_idx" ON "customer" USING btree ("workspace_id","blocked_at") WHERE "customer"."blocked";