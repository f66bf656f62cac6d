ALTER TABLE "member" ADD COLUMN "open_load" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "member" SET "open_load" = (SELECT count(*) FROM "conversation" c WHERE c."assignee_id" = "member"."id" AND c."status" = 'open');
--> statement-breakpoint
CREATE FUNCTION "conversation_open_load"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A member's load is their open, assigned conversations; every change of assignee or status moves it.
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."assignee_id" IS NOT NULL AND OLD."status" = 'open' THEN
    UPDATE "member" SET "open_load" = "open_load" - 1 WHERE "id" = OLD."assignee_id";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."assignee_id" IS NOT NULL AND NEW."status" = 'open' THEN
    UPDATE "member" SET "open_load" = "open_load" + 1 WHERE "id" = NEW."assignee_id";
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "conversation_open_load_insert" AFTER INSERT ON "conversation" FOR EACH ROW
  WHEN (NEW."assignee_id" IS NOT NULL AND NEW."status" = 'open') EXECUTE FUNCTION "conversation_open_load"();
--> statement-breakpoint
CREATE TRIGGER "conversation_open_load_update" AFTER UPDATE OF "assignee_id", "status" ON "conversation" FOR EACH ROW
  WHEN (OLD."assignee_id" IS DISTINCT FROM NEW."assignee_id" OR OLD."status" IS DISTINCT FROM NEW."status")
  EXECUTE FUNCTION "conversation_open_load"();
--> statement-breakpoint
CREATE TRIGGER "conversation_open_load_delete" AFTER DELETE ON "conversation" FOR EACH ROW
  WHEN (OLD."assignee_id" IS NOT NULL AND OLD."status" = 'open') EXECUTE FUNCTION "conversation_open_load"();
