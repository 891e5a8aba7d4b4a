// Two chat modules of pairing: the curator's console (commands, buttons, the typed-date and
// end-reason steps, the curators' /help section) and the members' side of it (preference round,
// self-matching, a mentor's question and the mentee's answer, joining a group), with its own
// buttons act:pairing:<action>:<id> that each check the presser is the one the button is for.
import type { Conversation } from '../context';
import { currentCuratorScope } from '../../src/curators/access';
import { participantMembershipsOf } from '../../src/pairs/pairs';
import type { ChatCommand, ChatModule } from '../module';
import { answerJoin, joinDeclineFlow, pairAnswerFlow, pairAskFlow, PAIRING_MODULE, startAnswer, startQuestion } from '../pair-confirmation';
import { curatorAct, curatorCommand, curatorCommands } from './console';
import { datesFlow } from './programme';
import { pairEndFlow } from './pairs';
import { preferCommand, showPreferenceCandidates, toggleCandidate } from './preferences';
import { chooseCommand, chooseMentor, showChoices } from './self-matching';

export const curatorModule: ChatModule = {
  name: 'curator',
  flows: [datesFlow, pairEndFlow],
  commands: Object.fromEntries(
    curatorCommands.map((name): [string, ChatCommand] => [
      name,
      { audience: 'curator', run: (ctx, args) => curatorCommand(ctx, name, args) },
    ]),
  ),
  act: curatorAct,
  help: [{ key: 'help-curator', shownTo: async (ctx) => (await currentCuratorScope(ctx.tx, ctx.person.id)) !== undefined }],
};

const participantMemberships = (ctx: Conversation) => participantMembershipsOf(ctx.tx, ctx.person.id);

const memberActions: Record<string, (ctx: Conversation, id: number) => Promise<void>> = {
  prefs: (ctx, id) => showPreferenceCandidates(ctx, id, false),
  prefer: toggleCandidate,
  choices: showChoices,
  choose: chooseMentor,
  ask: startQuestion,
  reply: startAnswer,
  joinyes: (ctx, id) => answerJoin(ctx, id, 'yes'),
  joinno: (ctx, id) => answerJoin(ctx, id, 'no'),
};

export const pairingModule: ChatModule = {
  name: PAIRING_MODULE,
  flows: [pairAskFlow, pairAnswerFlow, joinDeclineFlow],
  commands: {
    prefer: { audience: 'participant', run: async (ctx) => preferCommand(ctx, await participantMemberships(ctx)) },
    choose: { audience: 'participant', run: async (ctx) => chooseCommand(ctx, await participantMemberships(ctx)) },
  },
  async act(ctx, action, id) {
    const handle = Object.hasOwn(memberActions, action) ? memberActions[action] : undefined;
    if (handle) return handle(ctx, id);
    ctx.reply(ctx.t('button-invalid'));
  },
  help: [{ key: 'help-pairing', shownTo: async (ctx) => (await participantMemberships(ctx)).length > 0 }],
};
