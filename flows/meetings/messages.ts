// The messages of pair work that reach someone other than the person acting, written for the
// recipient's language: proposals, reminders, check-in questions, fit and pulse questions, nudges
// and the curator's alerts. Used by the conversations and by the scheduled jobs alike.
import type { Meeting, MeetingSchedule, MeetingSlot } from '../../db/schema';
import type { Translate } from '../../src/jobs/types';
import { weekdayName } from '../../src/meetings/time';
import type { OutboundMessage } from '../events';
import { button, localeOf, when } from './common';

/** "вт, 17 марта, 15:00, онлайн" and the topic on the next line, if any. */
export function meetingDetails(t: Translate, meeting: Pick<Meeting, 'startsAt' | 'format' | 'topic'>, zone: string): string {
  const line = t('meeting-details', { when: when(t, meeting.startsAt, zone), format: meeting.format });
  return meeting.topic ? `${line}\n${t('meeting-topic-line', { topic: meeting.topic })}` : line;
}

export function scheduleDetails(t: Translate, schedule: Pick<MeetingSchedule, 'weekday' | 'time' | 'format' | 'topic'>): string {
  const line = t('schedule-details', { weekday: weekdayName(schedule.weekday, localeOf(t)), time: schedule.time, format: schedule.format });
  return schedule.topic ? `${line}\n${t('meeting-topic-line', { topic: schedule.topic })}` : line;
}

/**
 * The proposal as the other side gets it: accept or ask for another time, or pick one of the slots.
 * `moved`: a scheduled meeting the proposer wants to move; `waiting`: the nudge of an unanswered one.
 */
export function proposalMessage(
  t: Translate,
  input: { proposer: string; meeting: Meeting; slots: MeetingSlot[]; zone: string; lead?: 'moved' | 'waiting' },
): OutboundMessage {
  const { meeting, slots, zone } = input;
  const waiting = input.lead === 'waiting' ? `${t('meeting-proposal-waiting', { name: input.proposer })}\n\n` : '';
  if (slots.length > 0) {
    return {
      text: `${waiting}${t('meeting-proposal-slots', { name: input.proposer, format: meeting.format })}${meeting.topic ? `\n${t('meeting-topic-line', { topic: meeting.topic })}` : ''}`,
      buttons: [
        ...slots.map((slot) => [button(when(t, slot.startsAt, zone), 'slot', slot.id)]),
        [button(t('meeting-button-none-fits'), 'other', meeting.id)],
      ],
    };
  }
  const head = t(input.lead === 'moved' ? 'meeting-proposal-moved' : 'meeting-proposal', { name: input.proposer });
  return {
    text: `${waiting}${head}\n${meetingDetails(t, meeting, zone)}`,
    buttons: [[button(t('meeting-button-accept'), 'accept', meeting.id), button(t('meeting-button-other-time'), 'other', meeting.id)]],
  };
}

export function scheduleProposalMessage(t: Translate, input: { proposer: string; schedule: MeetingSchedule }): OutboundMessage {
  return {
    text: `${t('schedule-proposal', { name: input.proposer })}\n${scheduleDetails(t, input.schedule)}`,
    buttons: [[button(t('meeting-button-accept'), 'sched-accept', input.schedule.id), button(t('meeting-button-other-time'), 'sched-other', input.schedule.id)]],
  };
}

export function reminderMessage(t: Translate, input: { meeting: Meeting; zone: string; with: string; offsetMinutes: number }): OutboundMessage {
  const hours = input.offsetMinutes % 60 === 0 ? input.offsetMinutes / 60 : 0;
  const lead = hours > 0 ? t('meeting-reminder-hours', { hours }) : t('meeting-reminder-minutes', { minutes: input.offsetMinutes });
  return {
    text: `${lead}\n${meetingDetails(t, input.meeting, input.zone)}\n${t('meeting-with', { names: input.with })}`,
    buttons: [
      [button(t('meeting-button-confirm'), 'confirm', input.meeting.id)],
      [button(t('meeting-button-move'), 'move', input.meeting.id), button(t('meeting-button-cancel'), 'cancel', input.meeting.id)],
    ],
  };
}

export function checkinQuestion(t: Translate, input: { meeting: Meeting; zone: string; with: string; again: boolean }): OutboundMessage {
  return {
    text: t(input.again ? 'checkin-question-again' : 'checkin-question', { when: when(t, input.meeting.startsAt, input.zone), names: input.with }),
    buttons: [[button(t('checkin-button-yes'), 'ci-yes', input.meeting.id), button(t('checkin-button-no'), 'ci-no', input.meeting.id)]],
  };
}

export function fitQuestion(t: Translate, input: { pairId: number; with: string }): OutboundMessage {
  return {
    text: t('fit-question', { names: input.with }),
    buttons: [
      [button(t('fit-button-good'), 'fit-good', input.pairId)],
      [button(t('fit-button-deciding'), 'fit-deciding', input.pairId)],
      [button(t('fit-button-bad'), 'fit-bad', input.pairId)],
    ],
  };
}

export function pulseQuestion(t: Translate, input: { pairId: number; with: string }): OutboundMessage {
  return {
    text: t('pulse-question', { names: input.with }),
    buttons: [[1, 2, 3, 4, 5].map((mood) => button(String(mood), `pulse-${mood}`, input.pairId))],
  };
}

export function contactNudge(t: Translate, input: { pairId: number; mentors: string }): OutboundMessage {
  return {
    text: t('nudge-contact', { names: input.mentors }),
    buttons: [[button(t('nudge-button-yes'), 'contact-yes', input.pairId), button(t('nudge-button-no'), 'contact-no', input.pairId)]],
  };
}

/** An invitation to propose a meeting (a mentor after a decline, a cancellation or a nudge). */
export function proposeAgain(t: Translate, text: string, pairId: number): OutboundMessage {
  return { text, buttons: [[button(t('meeting-button-propose'), 'new', pairId)]] };
}

/** An alert to a curator about a pair, with the button that opens the pair's card. */
export function curatorAlert(t: Translate, text: string, pairId: number): OutboundMessage {
  return { text, buttons: [[button(t('pairwork-button-open-pair'), 'pw-pair', pairId)]] };
}
