CREATE TABLE "member_presence" (
	"socket_id" text PRIMARY KEY NOT NULL,
	"member_id" text NOT NULL,
	"workspace_id" text NOT NULL,
	"instance_id" text NOT NULL,
	"open_windows" integer,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "conversation_unassigned_idx";--> statement-breakpoint
ALTER TABLE "conversation" ADD COLUMN "queued_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "member" ADD COLUMN "available" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "member" ADD COLUMN "unavailable_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "member" ADD COLUMN "presence_lost_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "member_presence" ADD CONSTRAINT "member_presence_member_id_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_presence_member_idx" ON "member_presence" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "member_presence_seen_idx" ON "member_presence" USING btree ("seen_at");--> statement-breakpoint
CREATE INDEX "conversation_unassigned_idx" ON "conversation" USING btree ("workspace_id","queued_at") WHERE "conversation"."assignee_id" is null and "conversation"."status" = 'open' and "conversation"."trashed_at" is null;--> statement-breakpoint
UPDATE "conversation" SET "queued_at" = "created_at" WHERE "assignee_id" IS NULL AND "status" = 'open';
