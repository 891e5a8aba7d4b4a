CREATE TABLE "award_nominations" (
	"id" serial PRIMARY KEY NOT NULL,
	"programme_id" integer NOT NULL,
	"mentor_membership_id" integer NOT NULL,
	"nominated_by_person_id" integer,
	"by_role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "coordinator_invites" (
	"code" text PRIMARY KEY NOT NULL,
	"region" text NOT NULL,
	"municipality" text,
	"expires_at" timestamp with time zone,
	"used_at" timestamp with time zone,
	"used_by_person_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "award_nominations" ADD CONSTRAINT "award_nominations_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_nominations" ADD CONSTRAINT "award_nominations_mentor_membership_id_memberships_id_fk" FOREIGN KEY ("mentor_membership_id") REFERENCES "public"."memberships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_nominations" ADD CONSTRAINT "award_nominations_nominated_by_person_id_people_id_fk" FOREIGN KEY ("nominated_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordinator_invites" ADD CONSTRAINT "coordinator_invites_used_by_person_id_people_id_fk" FOREIGN KEY ("used_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "award_nominations_mentor_by_uq" ON "award_nominations" USING btree ("mentor_membership_id","nominated_by_person_id");--> statement-breakpoint
CREATE INDEX "award_nominations_programme_idx" ON "award_nominations" USING btree ("programme_id");