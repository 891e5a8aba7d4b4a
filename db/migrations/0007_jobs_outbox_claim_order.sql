DROP INDEX "jobs_due_idx";--> statement-breakpoint
DROP INDEX "outbox_pending_idx";--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("due_at","id") WHERE "jobs"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("not_before","id") WHERE "outbox"."status" = 'pending';