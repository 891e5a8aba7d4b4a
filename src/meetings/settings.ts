// Pair-work settings of a programme, kept under programmes.settings.meetings. Every field has a
// default, and a field that is missing or malformed falls back to its default on its own, so one
// bad value never switches reminders off for a whole programme.
import { z } from 'zod';

const MINUTES_PER_DAY = 24 * 60;

export const meetingSettingsSchema = z.object({
  /** Minutes before a meeting at which both sides are reminded. */
  reminderOffsetsMinutes: z
    .array(z.number().int().min(5).max(14 * MINUTES_PER_DAY))
    .max(5)
    .transform((offsets) => [...new Set(offsets)].sort((a, b) => b - a))
    .catch([24 * 60, 60]),
  /** Minutes after a meeting's start when the check-in is asked. */
  checkinAfterMinutes: z.number().int().min(0).max(7 * MINUTES_PER_DAY).catch(120),
  /** Hours after the first check-in question when an unanswered one is asked again (once). */
  checkinRepeatHours: z.number().int().min(1).max(14 * 24).catch(24),
  /** A pair with no meeting for this many weeks is flagged to the curator. */
  silentWeeks: z.number().int().min(1).max(26).catch(3),
  /** Days between two pulse questions to a pair. */
  pulseDays: z.number().int().min(7).max(180).catch(30),
  /** A pair with no meeting, no check-in and no task done for this many days is flagged. */
  noProgressDays: z.number().int().min(3).max(180).catch(21),
  /** Hours after which a mentee who has not answered their mentor is nudged. */
  nudgeAfterHours: z.number().int().min(1).max(14 * 24).catch(72),
});

export type MeetingSettings = z.output<typeof meetingSettingsSchema>;

/** The settings of a programme from its settings jsonb (whatever is stored there). */
export function meetingSettings(programmeSettings: unknown): MeetingSettings {
  const section = (programmeSettings as { meetings?: unknown } | null | undefined)?.meetings;
  const object = section && typeof section === 'object' && !Array.isArray(section) ? section : {};
  // .catch on each field turns a missing or bad field into its default; the object itself cannot fail.
  return meetingSettingsSchema.parse(object);
}
