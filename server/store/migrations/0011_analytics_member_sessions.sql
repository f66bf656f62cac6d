CREATE TABLE "member_session" (
	"member_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"day" date NOT NULL,
	"workspace_id" text NOT NULL,
	"shop_id" text NOT NULL,
	"channel" text NOT NULL,
	"tags" text[] NOT NULL,
	"trashed_at" timestamp with time zone,
	"assigned_at" timestamp with time zone NOT NULL,
	CONSTRAINT "member_session_member_id_conversation_id_day_pk" PRIMARY KEY("member_id","conversation_id","day")
);
--> statement-breakpoint
DROP INDEX "message_assignment_idx";--> statement-breakpoint
ALTER TABLE "member_session" ADD CONSTRAINT "member_session_conversation_id_conversation_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_session_range_idx" ON "member_session" USING btree ("workspace_id","assigned_at");--> statement-breakpoint
CREATE INDEX "member_session_conversation_idx" ON "member_session" USING btree ("conversation_id");--> statement-breakpoint
-- Sessions counted from scratch: each member's first assignment line per chat and day of the shop's calendar.
CREATE VIEW "member_session_recount" AS
  SELECT m."payload" ->> 'toMemberId' AS "member_id", m."conversation_id",
    (m."created_at" AT TIME ZONE s."time_zone")::date AS "day", c."workspace_id", c."shop_id", c."channel", c."tags",
    c."trashed_at", min(m."created_at") AS "assigned_at"
  FROM "message" m
    JOIN "conversation" c ON c."id" = m."conversation_id"
    JOIN "shop" s ON s."id" = c."shop_id"
  WHERE m."direction" = 'system' AND (m."payload" ->> 'toMemberId') IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO "member_session" SELECT * FROM "member_session_recount";
--> statement-breakpoint
-- The planner's first look at the filled table, before the first report reads it.
ANALYZE "member_session";
--> statement-breakpoint
CREATE FUNCTION "member_session_line_added"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A new line to a member: a session on its day, or an earlier start of the day's session.
  INSERT INTO "member_session"
    SELECT NEW."payload" ->> 'toMemberId', NEW."conversation_id", (NEW."created_at" AT TIME ZONE s."time_zone")::date,
      c."workspace_id", c."shop_id", c."channel", c."tags", c."trashed_at", NEW."created_at"
    FROM "conversation" c JOIN "shop" s ON s."id" = c."shop_id"
    WHERE c."id" = NEW."conversation_id"
  ON CONFLICT ("member_id", "conversation_id", "day")
    DO UPDATE SET "assigned_at" = least("member_session"."assigned_at", EXCLUDED."assigned_at");
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "message_member_session_insert" AFTER INSERT ON "message" FOR EACH ROW
  WHEN (NEW."direction" = 'system' AND (NEW."payload" ->> 'toMemberId') IS NOT NULL)
  EXECUTE FUNCTION "member_session_line_added"();
--> statement-breakpoint
CREATE FUNCTION "member_session_count_again"("chat" text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- One chat's sessions, counted again from its lines.
  DELETE FROM "member_session" WHERE "conversation_id" = "chat";
  INSERT INTO "member_session" SELECT * FROM "member_session_recount" WHERE "conversation_id" = "chat";
END
$$;
--> statement-breakpoint
CREATE FUNCTION "member_session_line_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A line removed or rewritten (rare): its chat's sessions are counted again from the lines left.
  PERFORM "member_session_count_again"(OLD."conversation_id");
  IF TG_OP = 'UPDATE' AND NEW."conversation_id" <> OLD."conversation_id" THEN
    PERFORM "member_session_count_again"(NEW."conversation_id");
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "message_member_session_delete" AFTER DELETE ON "message" FOR EACH ROW
  WHEN (OLD."direction" = 'system' AND (OLD."payload" ->> 'toMemberId') IS NOT NULL)
  EXECUTE FUNCTION "member_session_line_changed"();
--> statement-breakpoint
CREATE TRIGGER "message_member_session_update" AFTER UPDATE OF "direction", "payload", "created_at", "conversation_id" ON "message" FOR EACH ROW
  WHEN ((OLD."direction" = 'system' AND (OLD."payload" ->> 'toMemberId') IS NOT NULL)
    OR (NEW."direction" = 'system' AND (NEW."payload" ->> 'toMemberId') IS NOT NULL))
  EXECUTE FUNCTION "member_session_line_changed"();
--> statement-breakpoint
CREATE FUNCTION "member_session_conversation_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- What the figures filter and group sessions by is the chat's own: its tags, trash and channel now; another
  -- shop is another calendar, so its days are counted again.
  IF OLD."shop_id" <> NEW."shop_id" THEN
    PERFORM "member_session_count_again"(NEW."id");
  ELSE
    UPDATE "member_session" SET "tags" = NEW."tags", "trashed_at" = NEW."trashed_at", "channel" = NEW."channel"
      WHERE "conversation_id" = NEW."id";
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "conversation_member_session_update" AFTER UPDATE OF "tags", "trashed_at", "shop_id", "channel" ON "conversation" FOR EACH ROW
  WHEN (OLD."tags" IS DISTINCT FROM NEW."tags" OR OLD."trashed_at" IS DISTINCT FROM NEW."trashed_at"
    OR OLD."shop_id" <> NEW."shop_id" OR OLD."channel" <> NEW."channel")
  EXECUTE FUNCTION "member_session_conversation_changed"();
--> statement-breakpoint
CREATE FUNCTION "member_session_shop_time_zone_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Days are the shop's calendar: a new time zone moves them, so its sessions are counted again.
  DELETE FROM "member_session" WHERE "shop_id" = NEW."id";
  INSERT INTO "member_session" SELECT * FROM "member_session_recount" WHERE "shop_id" = NEW."id";
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "shop_member_session_time_zone" AFTER UPDATE OF "time_zone" ON "shop" FOR EACH ROW
  WHEN (OLD."time_zone" <> NEW."time_zone") EXECUTE FUNCTION "member_session_shop_time_zone_changed"();
