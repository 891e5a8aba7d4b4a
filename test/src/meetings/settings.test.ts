// Programme settings of pair work: defaults, and a bad field falling back on its own.
import { describe, expect, it } from 'vitest';
import { meetingSettings } from '../../../src/meetings/settings';

describe('meeting settings', () => {
  it('defaults to reminders 24 h and 1 h before, silent after 3 weeks, pulse every 30 days, no progress after 21 days', () => {
    expect(meetingSettings({})).toMatchObject({
      reminderOffsetsMinutes: [1440, 60],
      silentWeeks: 3,
      pulseDays: 30,
      noProgressDays: 21,
    });
    expect(meetingSettings(null)).toEqual(meetingSettings({ meetings: {} }));
  });

  it('takes a programme\'s own reminders, longest first and without repeats', () => {
    expect(meetingSettings({ meetings: { reminderOffsetsMinutes: [30, 2880, 30] } }).reminderOffsetsMinutes).toEqual([2880, 30]);
  });

  it('keeps the good fields and replaces a bad one with its default', () => {
    const settings = meetingSettings({ meetings: { silentWeeks: 'two', pulseDays: 14, reminderOffsetsMinutes: [-5] } });
    expect(settings.silentWeeks).toBe(3);
    expect(settings.pulseDays).toBe(14);
    expect(settings.reminderOffsetsMinutes).toEqual([1440, 60]);
  });
});
