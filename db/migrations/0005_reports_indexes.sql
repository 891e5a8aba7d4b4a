-- Reports at regional scale (test/bench/reports.ts). The regional summary asks, per programme and
-- form, whether a pair of that form was formed: one probe of this partial index each, instead of
-- reading every pair of the region.
CREATE INDEX IF NOT EXISTS "pairs_formed_programme_form_idx" ON "pairs" USING btree ("programme_id", "form") WHERE "status" IN ('active', 'completed');
--> statement-breakpoint
-- Withdrawal clears the texts of a person's check-ins, found by membership.
CREATE INDEX IF NOT EXISTS "checkins_membership_idx" ON "checkins" USING btree ("membership_id");
