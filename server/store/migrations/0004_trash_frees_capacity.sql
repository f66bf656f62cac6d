-- A conversation in the trash no longer counts towards its member's load.
CREATE OR REPLACE FUNCTION "conversation_open_load"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."assignee_id" IS NOT NULL AND OLD."status" = 'open' AND OLD."trashed_at" IS NULL THEN
    UPDATE "member" SET "open_load" = "open_load" - 1 WHERE "id" = OLD."assignee_id";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."assignee_id" IS NOT NULL AND NEW."status" = 'open' AND NEW."trashed_at" IS NULL THEN
    UPDATE "member" SET "open_load" = "open_load" + 1 WHERE "id" = NEW."assignee_id";
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER "conversation_open_load_insert" ON "conversation";
--> statement-breakpoint
DROP TRIGGER "conversation_open_load_update" ON "conversation";
--> statement-breakpoint
DROP TRIGGER "conversation_open_load_delete" ON "conversation";
--> statement-breakpoint
CREATE TRIGGER "conversation_open_load_insert" AFTER INSERT ON "conversation" FOR EACH ROW
  WHEN (NEW."assignee_id" IS NOT NULL AND NEW."status" = 'open' AND NEW."trashed_at" IS NULL)
  EXECUTE FUNCTION "conversation_open_load"();
--> statement-breakpoint
CREATE TRIGGER "conversation_open_load_update" AFTER UPDATE OF "assignee_id", "status", "trashed_at" ON "conversation" FOR EACH ROW
  WHEN (OLD."assignee_id" IS DISTINCT FROM NEW."assignee_id" OR OLD."status" IS DISTINCT FROM NEW."status"
    OR OLD."trashed_at" IS DISTINCT FROM NEW."trashed_at")
  EXECUTE FUNCTION "conversation_open_load"();
--> statement-breakpoint
CREATE TRIGGER "conversation_open_load_delete" AFTER DELETE ON "conversation" FOR EACH ROW
  WHEN (OLD."assignee_id" IS NOT NULL AND OLD."status" = 'open' AND OLD."trashed_at" IS NULL)
  EXECUTE FUNCTION "conversation_open_load"();
--> statement-breakpoint
UPDATE "member" SET "open_load" = (SELECT count(*) FROM "conversation" c
  WHERE c."assignee_id" = "member"."id" AND c."status" = 'open' AND c."trashed_at" IS NULL);
