// The reports chat module: completion (/finish, /complete, /swot, /award), the curator's reports
// (/report, /export, /order, /chart), their buttons and their /help section.
import { currentCuratorScope } from '../../src/curators/access';
import type { ChatCommand, ChatModule } from '../module';
import { askFinish, awardCommand, completionAct, listPairsToComplete, swotCommand } from './completion';
import { REPORTS_MODULE } from './follow-up';
import { sendChart, sendExport, sendOrder, showReport } from './reports';

const curator = (run: (ctx: Parameters<ChatCommand['run']>[0]) => Promise<void>): ChatCommand => ({ audience: 'curator', run: (ctx) => run(ctx) });

export const reportsModule: ChatModule = {
  name: REPORTS_MODULE,
  commands: {
    report: curator(showReport),
    export: curator(sendExport),
    order: curator(sendOrder),
    chart: curator(sendChart),
    finish: curator(askFinish),
    complete: curator(listPairsToComplete),
    swot: curator(swotCommand),
    award: curator(awardCommand),
  },
  async act(ctx, action, id) {
    if (!(await completionAct(ctx, action, id))) ctx.reply(ctx.t('reports-button-stale'));
  },
  help: [{ key: 'help-reports', shownTo: async (ctx) => (await currentCuratorScope(ctx.tx, ctx.person.id)) !== undefined }],
};
