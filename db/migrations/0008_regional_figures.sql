CREATE TABLE "organisation_figures" (
	"organisation_id" integer PRIMARY KEY NOT NULL,
	"involved_students" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organisation_figures" ADD CONSTRAINT "organisation_figures_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The regional summary's involved students, kept current by triggers in the transactions that change
-- them, whatever code (or person at a psql prompt) makes the change: organisation_figures.involved_students
-- is recounted for the organisations whose formed pairs, pair members or programmes changed. Inserts
-- and deletes are handled per statement (a bulk insert or a cascade recounts once); the updates that
-- matter are rare, and are handled per row behind a WHEN on the columns that count, so the frequent
-- ones (a membership's status, a member's decision) do not run a trigger at all. Members by role are
-- not kept here: a counter row per programme would be locked by every join until it commits, so a
-- class joining at once would queue on it. Test: test/src/reports/regional-figures.test.ts.
--
-- Involved students of the given organisations, recounted. The student side of a pair is
-- studentSides() of src/reports/figures.ts: the mentee unless the form is teacher_teacher or
-- organisation_organisation, the mentor only in student_student; the same as involvedStudents().
-- The figure rows are locked (in organisation order) before counting: the count, a statement of its
-- own, then sees every change committed before the lock was granted, so of two transactions changing
-- one organisation's pairs at once the later one counts both.
CREATE FUNCTION "organisation_figures_recount"("orgs" integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF "orgs" IS NULL OR cardinality("orgs") = 0 THEN
    RETURN;
  END IF;
  -- Organisations deleted by this statement are no longer visible, and get no row.
  INSERT INTO "organisation_figures" ("organisation_id")
  SELECT o."id" FROM "organisations" o WHERE o."id" = ANY ("orgs") ORDER BY o."id"
  ON CONFLICT ("organisation_id") DO NOTHING;
  PERFORM 1 FROM "organisation_figures" WHERE "organisation_id" = ANY ("orgs") ORDER BY "organisation_id" FOR UPDATE;
  UPDATE "organisation_figures" f
  SET "involved_students" = (
    SELECT count(DISTINCT m."person_id")::int
    FROM "programmes" pr
    JOIN "pairs" p ON p."programme_id" = pr."id"
    JOIN "pair_members" pm ON pm."pair_id" = p."id"
    JOIN "memberships" m ON m."id" = pm."membership_id"
    WHERE pr."organisation_id" = f."organisation_id"
      AND p."status" IN ('active', 'completed')
      AND ((pm."role" = 'mentee' AND (p."form" IS NULL OR p."form" NOT IN ('teacher_teacher', 'organisation_organisation')))
        OR (pm."role" = 'mentor' AND p."form" IN ('student_student'))))
  WHERE f."organisation_id" = ANY ("orgs");
END
$$;
--> statement-breakpoint
-- The organisations of these pairs, if they are active or completed.
CREATE FUNCTION "organisations_of_formed_pairs"("pair_ids" integer[]) RETURNS integer[] LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
    SELECT array_agg(DISTINCT pr."organisation_id")
    FROM "pairs" p JOIN "programmes" pr ON pr."id" = p."programme_id"
    WHERE p."id" = ANY ("pair_ids") AND p."status" IN ('active', 'completed'));
END
$$;
--> statement-breakpoint
-- A membership moved to another programme or role, or given to another person: its formed pairs
-- count differently (nothing does either today).
CREATE FUNCTION "memberships_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "organisation_figures_recount"("organisations_of_formed_pairs"(ARRAY(SELECT "pair_id" FROM "pair_members" WHERE "membership_id" = NEW."id")));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "memberships_changed" AFTER UPDATE OF "programme_id", "role", "person_id" ON "memberships" FOR EACH ROW
WHEN (OLD."programme_id" <> NEW."programme_id" OR OLD."role" <> NEW."role" OR OLD."person_id" <> NEW."person_id")
EXECUTE FUNCTION "memberships_changed"();
--> statement-breakpoint
-- Pairs: inserted or deleted while active or completed; or changed into or out of those states, or
-- of form or programme while in them (active -> completed changes nothing). Per statement, so a
-- bulk change recounts each organisation once.
CREATE FUNCTION "pairs_recount_involved"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  "orgs" integer[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT pr."organisation_id") INTO "orgs"
    FROM (SELECT DISTINCT "programme_id" FROM new_rows WHERE "status" IN ('active', 'completed')) c
    JOIN "programmes" pr ON pr."id" = c."programme_id";
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT pr."organisation_id") INTO "orgs"
    FROM (SELECT DISTINCT "programme_id" FROM old_rows WHERE "status" IN ('active', 'completed')) c
    JOIN "programmes" pr ON pr."id" = c."programme_id";
  ELSE
    WITH "changed" AS (
      SELECT o."programme_id" AS old_programme, n."programme_id" AS new_programme
      FROM old_rows o FULL JOIN new_rows n ON n."id" = o."id"
      WHERE (coalesce(o."status" IN ('active', 'completed'), false) OR coalesce(n."status" IN ('active', 'completed'), false))
        AND (o."id" IS NULL OR n."id" IS NULL
          OR (o."status" IN ('active', 'completed')) <> (n."status" IN ('active', 'completed'))
          OR o."form" IS DISTINCT FROM n."form"
          OR o."programme_id" <> n."programme_id")
    )
    SELECT array_agg(DISTINCT pr."organisation_id") INTO "orgs"
    FROM (SELECT old_programme AS "programme_id" FROM "changed" UNION SELECT new_programme FROM "changed") c
    JOIN "programmes" pr ON pr."id" = c."programme_id";
  END IF;
  PERFORM "organisation_figures_recount"("orgs");
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "pairs_recount_involved_insert" AFTER INSERT ON "pairs" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "pairs_recount_involved"();
--> statement-breakpoint
CREATE TRIGGER "pairs_recount_involved_update" AFTER UPDATE ON "pairs" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "pairs_recount_involved"();
--> statement-breakpoint
CREATE TRIGGER "pairs_recount_involved_delete" AFTER DELETE ON "pairs" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "pairs_recount_involved"();
--> statement-breakpoint
-- Members of active or completed pairs added or removed (with their membership or person too).
-- Members of a pair deleted with them are recounted by the pairs' trigger, and those of a programme
-- deleted with it by the programmes' trigger.
CREATE FUNCTION "pair_members_recount_involved"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "organisation_figures_recount"("organisations_of_formed_pairs"(ARRAY(SELECT DISTINCT "pair_id" FROM new_rows)));
  ELSE
    PERFORM "organisation_figures_recount"("organisations_of_formed_pairs"(ARRAY(SELECT DISTINCT "pair_id" FROM old_rows)));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "pair_members_recount_involved_insert" AFTER INSERT ON "pair_members" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "pair_members_recount_involved"();
--> statement-breakpoint
CREATE TRIGGER "pair_members_recount_involved_delete" AFTER DELETE ON "pair_members" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "pair_members_recount_involved"();
--> statement-breakpoint
-- A member moved to another pair, membership or role (nothing does so today).
CREATE FUNCTION "pair_members_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "organisation_figures_recount"("organisations_of_formed_pairs"(ARRAY[OLD."pair_id", NEW."pair_id"]));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "pair_members_changed" AFTER UPDATE OF "pair_id", "membership_id", "role" ON "pair_members" FOR EACH ROW
WHEN (OLD."pair_id" <> NEW."pair_id" OR OLD."membership_id" <> NEW."membership_id" OR OLD."role" <> NEW."role")
EXECUTE FUNCTION "pair_members_changed"();
--> statement-breakpoint
-- A programme moved to another organisation, or deleted with its pairs.
CREATE FUNCTION "programmes_recount_involved"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  "orgs" integer[];
BEGIN
  IF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT "organisation_id") INTO "orgs" FROM old_rows;
  ELSE
    "orgs" := ARRAY[OLD."organisation_id", NEW."organisation_id"];
  END IF;
  PERFORM "organisation_figures_recount"("orgs");
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "programmes_recount_involved_update" AFTER UPDATE OF "organisation_id" ON "programmes" FOR EACH ROW
WHEN (OLD."organisation_id" <> NEW."organisation_id")
EXECUTE FUNCTION "programmes_recount_involved"();
--> statement-breakpoint
CREATE TRIGGER "programmes_recount_involved_delete" AFTER DELETE ON "programmes" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "programmes_recount_involved"();
--> statement-breakpoint
-- The figures of the data already there.
SELECT "organisation_figures_recount"(array_agg("id")) FROM "organisations";
