// The operator CLI: `npm run cli -- <command> [--options] [--json]` creates organisations, programmes
// and invite codes and lists participants. runCli is the logic; the bottom of the file is the process shell.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { createDatabase, type Db } from '../db/client';
import { roles } from '../db/schema';
import { ConfigError, createConfig, type Config } from './config';
import { opsCommands, OpsUsageError, type OpsCommand, type OpsDeps } from './ops/commands';
import { createInvite, inviteLinks, listInvites, normaliseInviteCode, revokeInvite } from './invites/invites';
import { createCoordinatorInvite, grantCoordinator } from './coordinators/access';
import { mentorshipForms, parseMentorshipForm, type MentorshipForm } from './programmes/forms';
import { createOrganisation, createProgramme, getProgramme, listParticipants, ProgrammeInputError } from './programmes/programmes';

export interface CliDeps {
  db: Db;
  config: Config;
  out: (text: string) => void;
  now?: () => Date;
}

/** Arguments the operator got wrong: the message says what to fix; the shell exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What a command prints: `data` as JSON with --json, `text` otherwise. */
interface Output {
  data: unknown;
  text: string;
}

interface Command {
  usage: string;
  options: readonly string[];
  /** Validates the raw options; the returned function does the work. */
  prepare(raw: Record<string, string>): (deps: CliDeps) => Promise<Output>;
}

function command<S extends z.ZodType>(spec: {
  usage: string;
  schema: S;
  run: (options: z.output<S>, deps: CliDeps) => Promise<Output>;
}): Command {
  const shape = spec.schema instanceof z.ZodObject ? Object.keys(spec.schema.shape) : [];
  return {
    usage: spec.usage,
    options: shape,
    prepare(raw) {
      const parsed = spec.schema.safeParse(raw);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => {
          const option = String(i.path[0] ?? 'options');
          return `--${option}: ${option in raw ? i.message : 'is required'}`;
        });
        throw new UsageError(`${problems.join('\n')}\nUsage: npm run cli -- ${spec.usage}`);
      }
      return (deps) => spec.run(parsed.data, deps);
    },
  };
}

const id = z
  .string()
  .regex(/^\d+$/, 'expected a positive whole number')
  .transform(Number)
  .pipe(z.number().int().positive().max(2_147_483_647));
const count = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const list = (separator: string) =>
  z.string().transform((s) =>
    s
      .split(separator)
      .map((x) => x.trim())
      .filter(Boolean),
  );
const forms = list(',').transform((items, ctx): MentorshipForm[] => {
  const parsed = items.map((item) => ({ item, form: parseMentorshipForm(item) }));
  for (const { item, form } of parsed) {
    if (!form) ctx.addIssue({ code: 'custom', message: `unknown form "${item}" (one of ${mentorshipForms.join(', ')})` });
  }
  return parsed.flatMap(({ form }) => (form ? [form] : []));
});

/** Turns a service's refusal into the option the operator typed. */
function asUsageError(error: unknown, options: Partial<Record<ProgrammeInputError['field'], string>>): never {
  if (error instanceof ProgrammeInputError) throw new UsageError(`${options[error.field] ?? error.field}: ${error.message}`);
  throw error;
}

const commands: Record<string, Command> = {
  'org:create': command({
    usage: 'org:create --name NAME [--region R] [--municipality M] [--timezone Europe/Moscow] [--students N]',
    schema: z.strictObject({
      name: text(300),
      region: text(200).optional(),
      municipality: text(200).optional(),
      timezone: text(100).optional(),
      students: count(0, 10_000_000).optional(),
    }),
    async run(o, { db }) {
      const org = await createOrganisation(db, {
        name: o.name,
        region: o.region,
        municipality: o.municipality,
        timezone: o.timezone,
        studentsTotal: o.students,
      }).catch((error: unknown) => asUsageError(error, { name: '--name', timezone: '--timezone', studentsTotal: '--students' }));
      return { data: org, text: `Organisation ${org.id}: ${org.name} (${org.timezone})` };
    },
  }),
  'programme:create': command({
    usage: `programme:create --org ID --name NAME [--forms student_student,teacher_student] [--topics "a;b"] [--starts YYYY-MM-DD] [--ends YYYY-MM-DD]`,
    schema: z.strictObject({
      org: id,
      name: text(300),
      forms: forms.optional(),
      topics: list(';').pipe(z.array(z.string().max(60, 'a topic is at most 60 characters'))).optional(),
      starts: isoDate.optional(),
      ends: isoDate.optional(),
    }),
    async run(o, { db }) {
      const programme = await createProgramme(db, {
        organisationId: o.org,
        name: o.name,
        forms: o.forms,
        topics: o.topics,
        startsOn: o.starts,
        endsOn: o.ends,
      }).catch((error: unknown) => asUsageError(error, { organisationId: '--org', name: '--name', startsOn: '--starts', endsOn: '--ends' }));
      const forms = programme.forms.length > 0 ? ` [${programme.forms.join(', ')}]` : '';
      return { data: programme, text: `Programme ${programme.id}: ${programme.name}${forms}` };
    },
  }),
  'invite:create': command({
    usage: 'invite:create --programme ID --role mentee|mentor|curator [--expires-days N] [--max-uses N]',
    schema: z.strictObject({
      programme: id,
      role: z.enum(roles),
      'expires-days': count(1, 3650).optional(),
      'max-uses': count(1, 1_000_000).optional(),
    }),
    async run(o, { db, config, now }) {
      if (!(await getProgramme(db, o.programme))) throw new UsageError(`--programme: programme ${o.programme} does not exist`);
      const days = o['expires-days'];
      const issuedAt = now?.() ?? new Date();
      const invite = await createInvite(db, {
        programmeId: o.programme,
        role: o.role,
        expiresAt: days === undefined ? undefined : new Date(issuedAt.getTime() + days * 86_400_000),
        maxUses: o['max-uses'],
      });
      const links = inviteLinks(invite.code, config.links);
      const lines = [`Invite ${invite.code} (${invite.role})${describeLimits(invite)}`, ...Object.values(links).map((l) => `  ${l}`)];
      return { data: { ...invite, links }, text: lines.join('\n') };
    },
  }),
  'invite:list': command({
    usage: 'invite:list --programme ID',
    schema: z.strictObject({ programme: id }),
    async run(o, { db }) {
      const invites = await listInvites(db, o.programme);
      const text = invites.map((i) => `${i.code}  ${i.role.padEnd(7)}${describeLimits(i)}${i.revokedAt ? ', revoked' : ''}`);
      return { data: invites, text: text.length > 0 ? text.join('\n') : 'No invites.' };
    },
  }),
  'invite:revoke': command({
    usage: 'invite:revoke --code CODE',
    schema: z.strictObject({ code: z.string() }),
    async run(o, { db, now }) {
      const code = normaliseInviteCode(o.code);
      if (!code) throw new UsageError(`--code: "${o.code}" is not an invite code`);
      const revoked = await revokeInvite(db, code, now?.() ?? new Date());
      if (!revoked) throw new UsageError(`--code: there is no unrevoked invite ${code}`);
      return { data: revoked, text: `Invite ${code} revoked.` };
    },
  }),
  'coordinator:create': command({
    usage: 'coordinator:create --region R [--municipality M] [--person ID] [--expires-days N]',
    schema: z.strictObject({
      region: text(200),
      municipality: text(200).optional(),
      person: id.optional(),
      'expires-days': count(1, 3650).optional(),
    }),
    async run(o, { db, now }) {
      const at = now?.() ?? new Date();
      const scope = { region: o.region, municipality: o.municipality };
      const where = o.municipality ? `${o.region}, ${o.municipality}` : o.region;
      if (o.person !== undefined) {
        // A person who already writes to the bot (their id from `participants`) is named at once.
        const coordinator = await grantCoordinator(db, o.person, scope, at);
        if (!coordinator) throw new UsageError(`--person: person ${o.person} does not exist or withdrew`);
        return { data: coordinator, text: `Person ${o.person} is the coordinator of ${where}.` };
      }
      const days = o['expires-days'];
      const invite = await createCoordinatorInvite(db, { ...scope, expiresAt: days === undefined ? undefined : new Date(at.getTime() + days * 86_400_000) }, at);
      return {
        data: invite,
        text: `Coordinator code ${invite.code} for ${where}${invite.expiresAt ? `, expires ${invite.expiresAt.toISOString()}` : ''}.\nThe coordinator sends the bot: /coordinator ${invite.code}`,
      };
    },
  }),
  participants: command({
    usage: 'participants --programme ID [--role mentee|mentor|curator]',
    schema: z.strictObject({ programme: id, role: z.enum(roles).optional() }),
    async run(o, { db }) {
      if (!(await getProgramme(db, o.programme))) throw new UsageError(`--programme: programme ${o.programme} does not exist`);
      const rows = await listParticipants(db, { programmeId: o.programme, role: o.role });
      const text = rows.map(
        (r) => `${r.personId}\t${r.role}\t${r.status}\t${r.fullName ?? '—'}\t${r.platforms.join(',') || '—'}\t${r.joinedAt.toISOString()}`,
      );
      return { data: rows, text: text.length > 0 ? text.join('\n') : 'No participants yet.' };
    },
  }),
};

function describeLimits(invite: { uses: number; maxUses: number | null; expiresAt: Date | null }): string {
  const uses = `, used ${invite.uses}${invite.maxUses === null ? '' : `/${invite.maxUses}`}`;
  return `${uses}${invite.expiresAt ? `, expires ${invite.expiresAt.toISOString()}` : ''}`;
}

export function usage(): string {
  return [
    'Usage: npm run cli -- <command> [options] [--json]',
    '',
    ...Object.values(commands).map((c) => `  ${c.usage}`),
    ...Object.values(opsCommands).map((c) => `  ${c.usage}`),
    '  help [command]',
    '',
    `Forms: ${mentorshipForms.join(', ')}`,
  ].join('\n');
}

/** A command line checked and ready to run; `help` needs no database. */
export type ParsedCli =
  | { kind: 'help'; json: boolean; output: Output }
  | { kind: 'command'; json: boolean; execute: (deps: CliDeps) => Promise<Output> }
  /** Maintenance (src/ops): backup and restore run without the bot's database connection. */
  | { kind: 'ops'; json: boolean; needsDatabase: boolean; execute: (deps: OpsDeps) => Promise<Output> };

/** Parses and validates a command line without touching the database; throws UsageError. */
export function parseCli(argv: string[]): ParsedCli {
  const allOptions = new Set(Object.values(commands).flatMap((c) => c.options));
  const loose = parseArgs({
    args: argv,
    strict: false,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, ...Object.fromEntries([...allOptions].map((n) => [n, { type: 'string' as const }])) },
  });
  const [name, about] = loose.positionals;
  const json = loose.values.json === true;
  if (name === undefined || name === 'help') {
    const maintenance = about !== undefined && Object.hasOwn(opsCommands, about) ? opsCommands[about] : undefined;
    if (maintenance) return { kind: 'help', json, output: { data: { commands: [{ name: about, usage: maintenance.usage }] }, text: `Usage: npm run cli -- ${maintenance.usage}` } };
    const one = about === undefined ? undefined : findCommand(about);
    const list: [string, Command][] = about === undefined || !one ? Object.entries(commands) : [[about, one]];
    return {
      kind: 'help',
      json,
      output: {
        data: { commands: list.map(([n, c]) => ({ name: n, usage: c.usage })), forms: mentorshipForms },
        text: one ? `Usage: npm run cli -- ${one.usage}` : usage(),
      },
    };
  }
  const maintenance = Object.hasOwn(opsCommands, name) ? opsCommands[name] : undefined;
  if (maintenance) return parseOps(maintenance, argv.filter((_, i) => i !== argv.indexOf(name)), json);
  const found = findCommand(name);
  return { kind: 'command', json, execute: found.prepare(commandOptions(argv, found)) };
}

/** The command's own options, strictly: another command's option or a stray word is an error here. */
function commandOptions(argv: string[], found: Command): Record<string, string> {
  const options: NonNullable<ParseArgsConfig['options']> = { json: { type: 'boolean' } };
  for (const name of found.options) options[name] = { type: 'string' };
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, strict: true, allowPositionals: true, options });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\nUsage: npm run cli -- ${found.usage}`);
  }
  const stray = parsed.positionals[1];
  if (stray !== undefined) throw new UsageError(`unexpected argument "${stray}"\nUsage: npm run cli -- ${found.usage}`);
  const entries = Object.entries(parsed.values);
  return Object.fromEntries(entries.filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function parseOps(command: OpsCommand, args: string[], json: boolean): ParsedCli {
  const asUsageError = (error: unknown): never => {
    throw error instanceof OpsUsageError ? new UsageError(error.message) : error;
  };
  try {
    const run = command.prepare(args);
    return { kind: 'ops', json, needsDatabase: command.needsDatabase, execute: (deps) => run(deps).catch(asUsageError) };
  } catch (error) {
    return asUsageError(error);
  }
}

function findCommand(name: string): Command {
  const found = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!found) throw new UsageError(`unknown command "${name}"\n\n${usage()}`);
  return found;
}

function render(json: boolean, output: Output): string {
  return json ? JSON.stringify(output.data, null, 2) : output.text;
}

/** Runs one command line against a database: the whole CLI but the process. Throws UsageError. */
export async function runCli(argv: string[], deps: CliDeps): Promise<void> {
  const parsed = parseCli(argv);
  const output =
    parsed.kind === 'help'
      ? parsed.output
      : parsed.kind === 'ops'
        ? await parsed.execute({ config: deps.config, db: deps.db, now: deps.now })
        : await parsed.execute(deps);
  deps.out(render(parsed.json, output));
}

// ---- the process shell ----

async function main(argv: string[]): Promise<number> {
  const write = (s: string) => process.stdout.write(`${s}\n`);
  let parsed: ParsedCli;
  let config: Config;
  try {
    parsed = parseCli(argv);
    if (parsed.kind === 'help') {
      write(render(parsed.json, parsed.output));
      return 0;
    }
    config = createConfig(process.env);
    // Backup and restore work on the database as a whole: no connection of the bot's own, no migration.
    if (parsed.kind === 'ops' && !parsed.needsDatabase) {
      write(render(parsed.json, await parsed.execute({ config })));
      return 0;
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return error instanceof UsageError ? 2 : 1;
    }
    throw error;
  }
  // The same database the bot uses (src/app.ts); the embedded one must not be open in a running bot.
  const database = createDatabase({
    url: config.database.url,
    dataDir: path.join(config.database.dataDir, 'pglite'),
    poolSize: 2,
  });
  try {
    await database.migrate();
    const output =
      parsed.kind === 'ops' ? await parsed.execute({ config, db: database.db }) : await parsed.execute({ db: database.db, config, out: write });
    write(render(parsed.json, output));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`cli failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
