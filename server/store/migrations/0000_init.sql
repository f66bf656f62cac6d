CREATE TABLE "auth_session" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"member_id" text NOT NULL,
	"workspace_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversation" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"shop_id" text NOT NULL,
	"channel" text NOT NULL,
	"customer_id" text NOT NULL,
	"thread_key" text,
	"status" text DEFAULT 'open' NOT NULL,
	"assignee_id" text,
	"category" text DEFAULT 'other' NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"starred" boolean DEFAULT false NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"subject" text,
	"last_message_preview" text DEFAULT '' NOT NULL,
	"last_message_at" timestamp with time zone NOT NULL,
	"awaiting_reply_since" timestamp with time zone,
	"first_response_at" timestamp with time zone,
	"last_customer_message_at" timestamp with time zone,
	"last_agent_reply_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_reason" text,
	"snoozed_until" timestamp with time zone,
	"trashed_at" timestamp with time zone,
	"rating" integer,
	"rating_comment" text,
	"next_deadline_at" timestamp with time zone,
	"next_deadline_kind" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversation_read" (
	"conversation_id" text NOT NULL,
	"member_id" text NOT NULL,
	"read_up_to" timestamp with time zone NOT NULL,
	CONSTRAINT "conversation_read_conversation_id_member_id_pk" PRIMARY KEY("conversation_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "customer" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"display_name" text NOT NULL,
	"email" text,
	"phone" text,
	"blocked" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_handle" (
	"workspace_id" text NOT NULL,
	"channel" text NOT NULL,
	"handle" text NOT NULL,
	"customer_id" text NOT NULL,
	CONSTRAINT "customer_handle_workspace_id_channel_handle_pk" PRIMARY KEY("workspace_id","channel","handle")
);
--> statement-breakpoint
CREATE TABLE "event" (
	"workspace_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"type" text NOT NULL,
	"conversation_id" text,
	"audience" text[],
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_workspace_id_seq_pk" PRIMARY KEY("workspace_id","seq")
);
--> statement-breakpoint
CREATE TABLE "faq" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"shop_id" text,
	"question" text NOT NULL,
	"answer" text NOT NULL,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"nickname" text NOT NULL,
	"avatar_url" text,
	"role" text NOT NULL,
	"capacity" integer DEFAULT 10 NOT NULL,
	"accepts_auto_assign" boolean DEFAULT false NOT NULL,
	"notification_prefs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"working_hours" jsonb,
	"last_assigned_at" timestamp with time zone,
	"removed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_shop" (
	"member_id" text NOT NULL,
	"shop_id" text NOT NULL,
	CONSTRAINT "member_shop_member_id_shop_id_pk" PRIMARY KEY("member_id","shop_id")
);
--> statement-breakpoint
CREATE TABLE "message" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"direction" text NOT NULL,
	"kind" text DEFAULT 'text' NOT NULL,
	"author" text NOT NULL,
	"author_member_id" text,
	"body" text NOT NULL,
	"payload" jsonb,
	"client_id" text,
	"external_id" text,
	"shop_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"shop_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"external_id" text NOT NULL,
	"status" text NOT NULL,
	"items" jsonb NOT NULL,
	"total_cents" integer NOT NULL,
	"currency" text NOT NULL,
	"carrier" text,
	"tracking_number" text,
	"placed_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"shop_id" text NOT NULL,
	"title" text NOT NULL,
	"sku" text NOT NULL,
	"price_cents" integer NOT NULL,
	"currency" text NOT NULL,
	"stock" integer NOT NULL,
	"image_url" text,
	"status" text DEFAULT 'live' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "saved_reply" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"owner_member_id" text,
	"title" text NOT NULL,
	"shortcut" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shop" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"marketplace" text NOT NULL,
	"country" text NOT NULL,
	"time_zone" text NOT NULL,
	"currency" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voucher" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"shop_id" text NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"discount_type" text NOT NULL,
	"discount_value" integer NOT NULL,
	"min_spend_cents" integer DEFAULT 0 NOT NULL,
	"terms" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workspace" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"last_seq" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "auth_session" ADD CONSTRAINT "auth_session_member_id_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation" ADD CONSTRAINT "conversation_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation" ADD CONSTRAINT "conversation_shop_id_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shop"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation" ADD CONSTRAINT "conversation_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation" ADD CONSTRAINT "conversation_assignee_id_member_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."member"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_read" ADD CONSTRAINT "conversation_read_conversation_id_conversation_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_read" ADD CONSTRAINT "conversation_read_member_id_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer" ADD CONSTRAINT "customer_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_handle" ADD CONSTRAINT "customer_handle_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event" ADD CONSTRAINT "event_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "faq" ADD CONSTRAINT "faq_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "faq" ADD CONSTRAINT "faq_shop_id_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shop"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member" ADD CONSTRAINT "member_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_shop" ADD CONSTRAINT "member_shop_member_id_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_shop" ADD CONSTRAINT "member_shop_shop_id_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shop"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message" ADD CONSTRAINT "message_conversation_id_conversation_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message" ADD CONSTRAINT "message_author_member_id_member_id_fk" FOREIGN KEY ("author_member_id") REFERENCES "public"."member"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order" ADD CONSTRAINT "order_shop_id_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shop"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order" ADD CONSTRAINT "order_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product" ADD CONSTRAINT "product_shop_id_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shop"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_reply" ADD CONSTRAINT "saved_reply_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_reply" ADD CONSTRAINT "saved_reply_owner_member_id_member_id_fk" FOREIGN KEY ("owner_member_id") REFERENCES "public"."member"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shop" ADD CONSTRAINT "shop_workspace_id_workspace_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspace"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher" ADD CONSTRAINT "voucher_shop_id_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."shop"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auth_session_member_idx" ON "auth_session" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "conversation_workspace_latest_idx" ON "conversation" USING btree ("workspace_id","last_message_at");--> statement-breakpoint
CREATE INDEX "conversation_customer_idx" ON "conversation" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "conversation_assignee_idx" ON "conversation" USING btree ("assignee_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "conversation_ongoing_marketplace_idx" ON "conversation" USING btree ("shop_id","customer_id") WHERE "conversation"."channel" = 'marketplace' and "conversation"."status" <> 'closed';--> statement-breakpoint
CREATE INDEX "conversation_thread_idx" ON "conversation" USING btree ("shop_id","channel","thread_key");--> statement-breakpoint
CREATE INDEX "conversation_unassigned_idx" ON "conversation" USING btree ("shop_id","created_at") WHERE "conversation"."assignee_id" is null and "conversation"."status" = 'open' and "conversation"."trashed_at" is null;--> statement-breakpoint
CREATE INDEX "conversation_deadline_idx" ON "conversation" USING btree ("next_deadline_at") WHERE "conversation"."status" <> 'closed' and "conversation"."next_deadline_at" is not null;--> statement-breakpoint
CREATE INDEX "customer_workspace_idx" ON "customer" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "customer_handle_customer_idx" ON "customer_handle" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "event_conversation_idx" ON "event" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "faq_workspace_idx" ON "faq" USING btree ("workspace_id");--> statement-breakpoint
CREATE UNIQUE INDEX "member_email_idx" ON "member" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "member_workspace_idx" ON "member" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "member_shop_shop_idx" ON "member_shop" USING btree ("shop_id");--> statement-breakpoint
CREATE INDEX "message_conversation_idx" ON "message" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "message_client_id_idx" ON "message" USING btree ("workspace_id","client_id") WHERE "message"."client_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "message_external_id_idx" ON "message" USING btree ("shop_id","external_id") WHERE "message"."external_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "order_external_idx" ON "order" USING btree ("shop_id","external_id");--> statement-breakpoint
CREATE INDEX "order_customer_idx" ON "order" USING btree ("customer_id","placed_at");--> statement-breakpoint
CREATE INDEX "product_shop_idx" ON "product" USING btree ("shop_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "product_sku_idx" ON "product" USING btree ("shop_id","sku");--> statement-breakpoint
CREATE INDEX "saved_reply_workspace_idx" ON "saved_reply" USING btree ("workspace_id");--> statement-breakpoint
CREATE UNIQUE INDEX "saved_reply_shortcut_idx" ON "saved_reply" USING btree ("workspace_id",coalesce("owner_member_id", ''),"shortcut");--> statement-breakpoint
CREATE INDEX "shop_workspace_idx" ON "shop" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "voucher_shop_idx" ON "voucher" USING btree ("shop_id","expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "voucher_code_idx" ON "voucher" USING btree ("shop_id","code");