// Every chat module of the bot, in /help order.
import { coordinatorModule } from './coordinator/module';
import { curatorModule, pairingModule } from './curator/module';
import { meetingsModule } from './meetings/module';
import type { JobHandler } from '../src/jobs/types';
import type { ChatCommand, ChatModule } from './module';
import { reportsModule } from './reports/module';

export const chatModules: readonly ChatModule[] = [curatorModule, pairingModule, meetingsModule, reportsModule, coordinatorModule];

const commandIndex = new Map<string, ChatCommand>();
const moduleIndex = new Map<string, ChatModule>();
for (const module of chatModules) {
  if (moduleIndex.has(module.name)) throw new Error(`two chat modules named ${module.name}`);
  moduleIndex.set(module.name, module);
  for (const [name, command] of Object.entries(module.commands ?? {})) {
    if (commandIndex.has(name)) throw new Error(`command /${name} registered twice`);
    commandIndex.set(name, command);
  }
}

export function findCommand(name: string): ChatCommand | undefined {
  return commandIndex.get(name);
}

export function findModule(name: string): ChatModule | undefined {
  return moduleIndex.get(name);
}

/** Every registered command with its audience: for /help and the access matrix test. */
export function registeredCommands(): { name: string; command: ChatCommand }[] {
  return [...commandIndex].map(([name, command]) => ({ name, command }));
}

/** Every module's job handlers by kind, for the scheduler. */
export function registeredJobHandlers(): Map<string, JobHandler> {
  const handlers = new Map<string, JobHandler>();
  for (const module of chatModules) {
    for (const [kind, handler] of Object.entries(module.jobs ?? {})) {
      if (handlers.has(kind)) throw new Error(`job kind ${kind} registered twice`);
      handlers.set(kind, handler);
    }
  }
  return handlers;
}
