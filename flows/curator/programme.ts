// The programme card (/programme) and its settings in chat: the forms of mentorship, the dates, the
// current stage of the seven, and self-matching. Every button names the programme and is re-checked
// against the presser's curatorship; every change is audited by the services.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { curatesProgramme, type CuratorScope } from '../../src/curators/access';
import { participantPage, programmeCounts } from '../../src/curators/participants';
import { pairCounts, unpairedMentees } from '../../src/pairs/pairs';
import { openRoundOf } from '../../src/pairs/preferences';
import { mentorshipForms, type MentorshipForm } from '../../src/programmes/forms';
import { getProgramme } from '../../src/programmes/programmes';
import {
  pairingSettings,
  parseProgrammeDates,
  programmeStages,
  setProgrammeDates,
  setProgrammeStage,
  setSelfMatching,
  toggleProgrammeForm,
} from '../../src/programmes/settings';
import type { Conversation, Flow } from '../context';
import type { Button, InboundEvent } from '../events';
import { pairingPayload } from '../pair-confirmation';
import { curatorPayload } from './actions';

const day = (iso: string | null) => (iso ? DateTime.fromISO(iso).toFormat('dd.MM.yyyy') : null);

export async function showProgramme(ctx: Conversation, scope: CuratorScope, edit = false): Promise<void> {
  const found = await getProgramme(ctx.tx, scope.programmeId);
  if (!found) return;
  const { programme } = found;
  const counts = await programmeCounts(ctx.tx, scope.programmeId);
  const sum = (role: string, statuses?: string[]) =>
    counts.filter((c) => c.role === role && (!statuses || statuses.includes(c.status))).reduce((a, c) => a + c.n, 0);
  const ready = (await participantPage(ctx.tx, { programmeId: scope.programmeId, role: 'mentor', page: 0, filter: 'ready' })).total;
  const unpaired = (await unpairedMentees(ctx.tx, scope.programmeId)).length;
  const pairs = await pairCounts(ctx.tx, scope.programmeId);
  const round = await openRoundOf(ctx.tx, scope.programmeId);
  const selfMatching = pairingSettings(programme.settings).selfMatching;
  const starts = day(programme.startsOn);
  const ends = day(programme.endsOn);
  const text = [
    ctx.t('curator-programme', {
      programme: scope.programmeName,
      organisation: scope.organisationName,
      mentees: sum('mentee', ['joined', 'consented', 'questionnaire_done']),
      menteesDone: sum('mentee', ['questionnaire_done']),
      mentors: sum('mentor', ['joined', 'consented', 'questionnaire_done']),
      mentorsDone: sum('mentor', ['questionnaire_done']),
    }),
    ctx.t('programme-ready-unpaired', { ready, unpaired }),
    ctx.t('programme-stage-line', { stage: programme.stage, name: ctx.t('programme-stage', { stage: programme.stage }) }),
    starts && ends ? ctx.t('programme-dates-line', { starts, ends }) : ctx.t('programme-dates-none'),
    programme.forms.length > 0
      ? ctx.t('programme-forms-line', { forms: programme.forms.map((f) => ctx.t('programme-form', { form: f })).join(', ') })
      : ctx.t('programme-forms-none'),
    ctx.t('programme-pairs-line', {
      proposed: pairs.get('proposed') ?? 0,
      active: pairs.get('active') ?? 0,
      completed: pairs.get('completed') ?? 0,
      ended: (pairs.get('ended_early') ?? 0) + (pairs.get('declined') ?? 0),
    }),
    ctx.t(selfMatching ? 'programme-self-matching-on' : 'programme-self-matching-off'),
    round ? ctx.t('programme-round-open', { since: DateTime.fromJSDate(round.openedAt).setZone(scope.timezone).toFormat('dd.MM.yyyy') }) : ctx.t('programme-round-none'),
  ].join('\n');
  const id = scope.programmeId;
  const rows: Button[][] = [
    [
      { label: ctx.t('curator-button-mentees'), payload: curatorPayload({ kind: 'base', role: 'mentee', filter: 'all', page: 0 }, id) },
      { label: ctx.t('curator-button-mentors'), payload: curatorPayload({ kind: 'base', role: 'mentor', filter: 'all', page: 0 }, id) },
    ],
    [
      { label: ctx.t('programme-button-pairs'), payload: curatorPayload({ kind: 'pairs', filter: 'all', page: 0 }, id) },
      { label: ctx.t('programme-button-round'), payload: curatorPayload({ kind: 'round' }, id) },
    ],
    [
      { label: ctx.t('programme-button-forms'), payload: curatorPayload({ kind: 'forms' }, id) },
      { label: ctx.t('programme-button-stage'), payload: curatorPayload({ kind: 'stages' }, id) },
      { label: ctx.t('programme-button-dates'), payload: curatorPayload({ kind: 'dates' }, id) },
    ],
    [
      {
        label: ctx.t(selfMatching ? 'programme-button-self-matching-off' : 'programme-button-self-matching-on'),
        payload: curatorPayload({ kind: 'selfmatch', enabled: !selfMatching }, id),
      },
    ],
  ];
  ctx.reply(text, rows, { edit });
}

const backRow = (ctx: Conversation, programmeId: number): Button[] => [
  { label: ctx.t('programme-button-back'), payload: curatorPayload({ kind: 'settings' }, programmeId) },
];

export async function showForms(ctx: Conversation, scope: CuratorScope, edit: boolean): Promise<void> {
  const found = await getProgramme(ctx.tx, scope.programmeId);
  if (!found) return;
  const rows: Button[][] = mentorshipForms.map((form) => [
    {
      label: `${found.programme.forms.includes(form) ? '✅' : '▫️'} ${ctx.t('programme-form', { form })}`,
      payload: curatorPayload({ kind: 'form', form }, scope.programmeId),
    },
  ]);
  rows.push(backRow(ctx, scope.programmeId));
  ctx.reply(ctx.t('programme-forms-title'), rows, { edit });
}

export async function toggleForm(ctx: Conversation, scope: CuratorScope, form: MentorshipForm): Promise<void> {
  const updated = await toggleProgrammeForm(ctx.tx, { programmeId: scope.programmeId, form, actorPersonId: ctx.person.id, now: ctx.now });
  ctx.toast(ctx.t(updated.forms.includes(form) ? 'programme-form-on' : 'programme-form-off', { form: ctx.t('programme-form', { form }) }));
  await showForms(ctx, scope, true);
}

export async function showStages(ctx: Conversation, scope: CuratorScope): Promise<void> {
  const found = await getProgramme(ctx.tx, scope.programmeId);
  if (!found) return;
  const rows: Button[][] = programmeStages.map((stage) => [
    {
      label: `${found.programme.stage === stage ? '✅ ' : ''}${stage}. ${ctx.t('programme-stage', { stage })}`,
      payload: curatorPayload({ kind: 'stage', stage }, scope.programmeId),
    },
  ]);
  rows.push(backRow(ctx, scope.programmeId));
  ctx.reply(ctx.t('programme-stage-title'), rows, { edit: true });
}

export async function chooseStage(ctx: Conversation, scope: CuratorScope, stage: number): Promise<void> {
  await setProgrammeStage(ctx.tx, { programmeId: scope.programmeId, stage, actorPersonId: ctx.person.id, now: ctx.now });
  ctx.toast(ctx.t('programme-stage-saved', { stage, name: ctx.t('programme-stage', { stage }) }));
  await showProgramme(ctx, scope, true);
}

export async function switchSelfMatching(ctx: Conversation, scope: CuratorScope, enabled: boolean): Promise<void> {
  const found = await getProgramme(ctx.tx, scope.programmeId);
  const was = found ? pairingSettings(found.programme.settings).selfMatching : false;
  await setSelfMatching(ctx.tx, { programmeId: scope.programmeId, enabled, actorPersonId: ctx.person.id, now: ctx.now });
  ctx.toast(ctx.t(enabled ? 'programme-self-matching-on' : 'programme-self-matching-off'));
  if (enabled && !was) {
    // Mentees waiting for a pair hear that they may now choose themselves.
    const waiting = await unpairedMentees(ctx.tx, scope.programmeId);
    for (const mentee of waiting) {
      ctx.notify(mentee.personId, (t) => ({
        text: t('self-matching-opened', { programme: scope.programmeName }),
        buttons: [[{ label: t('self-matching-button-show'), payload: pairingPayload('choices', mentee.id) }]],
      }));
    }
    ctx.reply(ctx.t('programme-self-matching-told', { count: waiting.length }));
  }
  await showProgramme(ctx, scope, true);
}

// ——— Dates: typed, validated, the flow stays until they are right or /cancel ———

const datesSchema = z.object({ programmeId: z.number().int() });

export function askDates(ctx: Conversation, scope: CuratorScope): void {
  ctx.enter(datesFlow.name, { programmeId: scope.programmeId });
  ctx.reply(ctx.t('programme-dates-prompt'));
}

async function handleDates(ctx: Conversation, event: InboundEvent): Promise<void> {
  const parsed = datesSchema.safeParse(ctx.state.data);
  // The role is checked again: it may have been lost since the button was pressed.
  const scope = parsed.success ? await curatesProgramme(ctx.tx, ctx.person.id, parsed.data.programmeId) : undefined;
  if (!scope) {
    ctx.leave();
    ctx.reply(ctx.t('curator-only'));
    return;
  }
  if (event.kind !== 'text') {
    ctx.reply(ctx.t('programme-dates-prompt'));
    return;
  }
  const dates = parseProgrammeDates(event.text);
  if (!dates.ok) {
    ctx.reply(`${ctx.t(dates.error)}\n\n${ctx.t('programme-dates-prompt')}`);
    return;
  }
  await setProgrammeDates(ctx.tx, { programmeId: scope.programmeId, startsOn: dates.startsOn, endsOn: dates.endsOn, actorPersonId: ctx.person.id, now: ctx.now });
  ctx.leave();
  ctx.reply(ctx.t('programme-dates-saved', { starts: day(dates.startsOn) ?? '', ends: day(dates.endsOn) ?? '' }));
  await showProgramme(ctx, scope);
}

export const datesFlow: Flow = {
  name: 'curator-dates',
  async resume(ctx) {
    ctx.reply(ctx.t('programme-dates-prompt'));
  },
  handle: handleDates,
};
