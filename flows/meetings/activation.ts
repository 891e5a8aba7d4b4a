// When a pair becomes active: the mentor is invited to propose the first meeting and set the goals
// and plan with the mentee, the mentee is told what comes next, and the pair's watch is set up (the
// curator's alerts, the monthly pulse, the "did you get in touch?" nudge).
import { pairJob } from '../../src/meetings/job-keys';
import { loadPairContext } from '../../src/meetings/pair-access';
import type { Conversation } from '../context';
import { button, namesOf, planner } from './common';

export async function onPairActivated(ctx: Conversation, pairId: number): Promise<void> {
  const pair = await loadPairContext(ctx.tx, pairId);
  if (!pair || pair.status !== 'active') return;
  const since = pair.activatedAt ?? ctx.now;
  const { settings } = pair;
  const jobs = planner(ctx);
  await jobs.schedule(pairJob('silence', pairId, new Date(since.getTime() + settings.silentWeeks * 7 * 86_400_000)));
  await jobs.schedule(pairJob('progress', pairId, new Date(since.getTime() + settings.noProgressDays * 86_400_000)));
  await jobs.schedule(pairJob('pulse', pairId, new Date(since.getTime() + settings.pulseDays * 86_400_000)));
  await jobs.schedule(pairJob('contactNudge', pairId, new Date(since.getTime() + settings.nudgeAfterHours * 3_600_000)));
  const mentors = namesOf(pair.members.filter((m) => m.role === 'mentor'));
  for (const member of pair.members) {
    ctx.notify(member.personId, (t) =>
      member.role === 'mentor'
        ? {
            text: t('pairwork-start-mentor'),
            buttons: [[button(t('meeting-button-propose'), 'new', pairId)], [button(t('plan-button-show'), 'plan', pairId)]],
          }
        : { text: t('pairwork-start-mentee', { names: mentors }), buttons: [[button(t('plan-button-show'), 'plan', pairId)]] },
    );
  }
}
