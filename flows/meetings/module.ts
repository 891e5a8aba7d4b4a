// The meetings chat module: the pair's plan, meetings with reminders and check-ins, fit and pulse
// for participants; the pairs' meetings and a broadcast for curators; and the jobs that run them.
import { currentCuratorScope } from '../../src/curators/access';
import { activePairsOfPerson } from '../../src/meetings/pair-access';
import type { Conversation } from '../context';
import type { ChatModule } from '../module';
import { checkinAction, checkinFlow } from './checkin';
import { choosePair, refuse } from './common';
import { broadcastFlow, curatorAction, showPairs, startBroadcast } from './curator';
import { meetingJobHandlers } from './jobs';
import { planAction, planFlow, showPlan } from './plan';
import { meetingCommand, proposeAction, proposeFlow } from './propose';
import { counterFlow, listMeetings, respondAction } from './respond';

async function planCommand(ctx: Conversation): Promise<void> {
  const pair = await choosePair(ctx, 'plan');
  if (pair) await showPlan(ctx, pair);
}

const actions = [planAction, proposeAction, respondAction, checkinAction, curatorAction];

export const meetingsModule: ChatModule = {
  name: 'meetings',
  flows: [planFlow, proposeFlow, counterFlow, checkinFlow, broadcastFlow],
  commands: {
    plan: { audience: 'participant', run: (ctx) => planCommand(ctx) },
    meeting: { audience: 'participant', run: (ctx) => meetingCommand(ctx) },
    meet: { audience: 'participant', run: (ctx) => meetingCommand(ctx) },
    meetings: { audience: 'participant', run: (ctx) => listMeetings(ctx) },
    pairwork: { audience: 'curator', run: (ctx) => showPairs(ctx, 0) },
    broadcast: { audience: 'curator', run: (ctx) => startBroadcast(ctx) },
  },
  async act(ctx, action, id) {
    for (const handle of actions) if (await handle(ctx, action, id)) return;
    refuse(ctx, 'button-invalid');
  },
  help: [
    { key: 'help-meetings', shownTo: async (ctx) => (await activePairsOfPerson(ctx.tx, ctx.person.id)).length > 0 },
    { key: 'help-meetings-curator', shownTo: async (ctx) => (await currentCuratorScope(ctx.tx, ctx.person.id)) !== undefined },
  ],
  jobs: meetingJobHandlers,
};
