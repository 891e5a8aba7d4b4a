CREATE TABLE "pair_joins" (
	"id" serial PRIMARY KEY NOT NULL,
	"pair_id" integer NOT NULL,
	"membership_id" integer NOT NULL,
	"role" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"confirmed_by" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"declined_by_membership_id" integer,
	"decline_reason" text,
	"created_by_person_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "pair_preferences" (
	"id" serial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"chooser_membership_id" integer NOT NULL,
	"chosen_membership_id" integer NOT NULL,
	"rank" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pair_preferences_rank_range" CHECK ("pair_preferences"."rank" between 1 and 3)
);
--> statement-breakpoint
CREATE TABLE "pair_questions" (
	"id" serial PRIMARY KEY NOT NULL,
	"pair_id" integer NOT NULL,
	"from_membership_id" integer NOT NULL,
	"to_membership_id" integer NOT NULL,
	"question" text NOT NULL,
	"answer" text,
	"asked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "preference_rounds" (
	"id" serial PRIMARY KEY NOT NULL,
	"programme_id" integer NOT NULL,
	"opened_by_person_id" integer,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "send_rates" (
	"name" text PRIMARY KEY NOT NULL,
	"next_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "pair_joins" ADD CONSTRAINT "pair_joins_pair_id_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."pairs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pair_joins" ADD CONSTRAINT "pair_joins_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pair_joins" ADD CONSTRAINT "pair_joins_declined_by_membership_id_memberships_id_fk" FOREIGN KEY ("declined_by_membership_id") REFERENCES "public"."memberships"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pair_joins" ADD CONSTRAINT "pair_joins_created_by_person_id_people_id_fk" FOREIGN KEY ("created_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pair_preferences" ADD CONSTRAINT "pair_preferences_round_id_preference_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."preference_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pair_preferences" ADD CONSTRAINT "pair_preferences_chooser_membership_id_memberships_id_fk" FOREIGN KEY ("chooser_membership_id") REFERENCES "public"."memberships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pair_preferences" ADD CONSTRAINT "pair_preferences_chosen_membership_id_memberships_id_fk" FOREIGN KEY ("chosen_membership_id") REFERENCES "public"."memberships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pair_questions" ADD CONSTRAINT "pair_questions_pair_id_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."pairs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pair_questions" ADD CONSTRAINT "pair_questions_from_membership_id_memberships_id_fk" FOREIGN KEY ("from_membership_id") REFERENCES "public"."memberships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pair_questions" ADD CONSTRAINT "pair_questions_to_membership_id_memberships_id_fk" FOREIGN KEY ("to_membership_id") REFERENCES "public"."memberships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preference_rounds" ADD CONSTRAINT "preference_rounds_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preference_rounds" ADD CONSTRAINT "preference_rounds_opened_by_person_id_people_id_fk" FOREIGN KEY ("opened_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pair_joins_pair_idx" ON "pair_joins" USING btree ("pair_id");--> statement-breakpoint
CREATE INDEX "pair_joins_membership_idx" ON "pair_joins" USING btree ("membership_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "pair_preferences_round_pair_uq" ON "pair_preferences" USING btree ("round_id","chooser_membership_id","chosen_membership_id");--> statement-breakpoint
CREATE INDEX "pair_preferences_chosen_idx" ON "pair_preferences" USING btree ("round_id","chosen_membership_id");--> statement-breakpoint
CREATE INDEX "pair_questions_pair_idx" ON "pair_questions" USING btree ("pair_id");--> statement-breakpoint
CREATE INDEX "preference_rounds_programme_idx" ON "preference_rounds" USING btree ("programme_id","opened_at");--> statement-breakpoint
CREATE UNIQUE INDEX "preference_rounds_one_open_uq" ON "preference_rounds" USING btree ("programme_id") WHERE "preference_rounds"."closed_at" is null;