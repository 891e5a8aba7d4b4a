// The operator CLI: `npm run cli -- <command> [--options] [--json]`. Creates organisations,
// programmes and invite codes and lists participants. runCli is the logic; the bottom is the shell.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createDatabase, type Db } from '../db/client';
import { roles } from '../db/schema';
import { ConfigError, createConfig, type Config } from './config';
import { createInvite, inviteLinks, listInvites, normaliseInviteCode, revokeInvite } from './invites/invites';
import { mentorshipFormSchema } from './programmes/forms';
import { createOrganisation, createProgramme, getProgramme, InvalidTimezoneError, listParticipants } from './programmes/programmes';

export interface CliDeps {
  db: Db;
  config: Config;
  out: (text: string) => void;
  now?: () => Date;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const id = z.coerce.number().int().positive();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const list = (separator: string) => z.string().transform((s) => s.split(separator).map((x) => x.trim()).filter(Boolean));

const commands = {
  'org:create': {
    help: 'org:create --name NAME [--region R] [--municipality M] [--timezone Europe/Moscow] [--students N]',
    schema: z.object({
      name: z.string().min(1).max(300),
      region: z.string().max(200).optional(),
      municipality: z.string().max(200).optional(),
      timezone: z.string().optional(),
      students: z.coerce.number().int().min(0).optional(),
    }),
  },
  'programme:create': {
    help: 'programme:create --org ID --name NAME [--forms student_student,teacher_student] [--topics "a;b"] [--starts YYYY-MM-DD] [--ends YYYY-MM-DD]',
    schema: z.object({
      org: id,
      name: z.string().min(1).max(300),
      forms: list(',').pipe(z.array(mentorshipFormSchema)).optional(),
      topics: list(';').pipe(z.array(z.string().max(60))).optional(),
      starts: isoDate.optional(),
      ends: isoDate.optional(),
    }),
  },
  'invite:create': {
    help: 'invite:create --programme ID --role mentee|mentor|curator [--expires-days N] [--max-uses N]',
    schema: z.object({
      programme: id,
      role: z.enum(roles),
      'expires-days': z.coerce.number().int().min(1).max(3650).optional(),
      'max-uses': z.coerce.number().int().min(1).optional(),
    }),
  },
  'invite:list': { help: 'invite:list --programme ID', schema: z.object({ programme: id }) },
  'invite:revoke': { help: 'invite:revoke --code CODE', schema: z.object({ code: z.string() }) },
  participants: {
    help: 'participants --programme ID [--role mentee|mentor|curator]',
    schema: z.object({ programme: id, role: z.enum(roles).optional() }),
  },
} as const;

type CommandName = keyof typeof commands;

const optionNames = ['name', 'region', 'municipality', 'timezone', 'students', 'org', 'forms', 'topics', 'starts', 'ends', 'programme', 'role', 'expires-days', 'max-uses', 'code'];

export function usage(): string {
  return ['Usage: npm run cli -- <command> [options] [--json]', '', ...Object.values(commands).map((c) => `  ${c.help}`), '  help'].join('\n');
}

/** Runs one CLI command; throws UsageError for bad arguments. */
export async function runCli(argv: string[], deps: CliDeps): Promise<void> {
  const parsed = (() => {
    try {
      return parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: { json: { type: 'boolean', default: false }, ...Object.fromEntries(optionNames.map((n) => [n, { type: 'string' as const }])) },
      });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  })();
  const [name, ...extra] = parsed.positionals;
  if (!name || name === 'help') {
    deps.out(usage());
    return;
  }
  if (!Object.hasOwn(commands, name)) throw new UsageError(`unknown command "${name}"\n\n${usage()}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const command = commands[name as CommandName];
  const { json, ...rawOptions } = parsed.values;
  const options = command.schema.safeParse(rawOptions);
  if (!options.success) {
    throw new UsageError(
      `${options.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n\nUsage: npm run cli -- ${command.help}`,
    );
  }
  const now = deps.now?.() ?? new Date();
  const print = (data: unknown, human: string) => deps.out(json ? JSON.stringify(data, null, 2) : human);
  const { db } = deps;

  switch (name as CommandName) {
    case 'org:create': {
      const v = commands['org:create'].schema.parse(rawOptions);
      try {
        const org = await createOrganisation(db, {
          name: v.name,
          ...(v.region ? { region: v.region } : {}),
          ...(v.municipality ? { municipality: v.municipality } : {}),
          ...(v.timezone ? { timezone: v.timezone } : {}),
          ...(v.students !== undefined ? { studentsTotal: v.students } : {}),
        });
        print(org, `Organisation ${org.id}: ${org.name} (${org.timezone})`);
      } catch (error) {
        if (error instanceof InvalidTimezoneError) throw new UsageError(`--timezone: ${error.message}`);
        throw error;
      }
      return;
    }
    case 'programme:create': {
      const v = commands['programme:create'].schema.parse(rawOptions);
      const programme = await createProgramme(db, {
        organisationId: v.org,
        name: v.name,
        ...(v.forms ? { forms: v.forms } : {}),
        ...(v.topics ? { topics: v.topics } : {}),
        ...(v.starts ? { startsOn: v.starts } : {}),
        ...(v.ends ? { endsOn: v.ends } : {}),
      }).catch((error: unknown) => {
        if (String((error as { cause?: { code?: string } })?.cause?.code ?? (error as { code?: string }).code) === '23503') {
          throw new UsageError(`--org: organisation ${v.org} does not exist`);
        }
        throw error;
      });
      print(programme, `Programme ${programme.id}: ${programme.name}`);
      return;
    }
    case 'invite:create': {
      const v = commands['invite:create'].schema.parse(rawOptions);
      if (!(await getProgramme(db, v.programme))) throw new UsageError(`--programme: programme ${v.programme} does not exist`);
      const expiresDays = v['expires-days'];
      const invite = await createInvite(db, {
        programmeId: v.programme,
        role: v.role,
        expiresAt: expiresDays ? new Date(now.getTime() + expiresDays * 86_400_000) : undefined,
        maxUses: v['max-uses'],
      });
      const links = inviteLinks(invite.code, deps.config.links);
      print(
        { ...invite, links },
        [`Invite code ${invite.code} (${invite.role})`, ...Object.values(links).map((l) => `  ${l}`)].join('\n'),
      );
      return;
    }
    case 'invite:list': {
      const v = commands['invite:list'].schema.parse(rawOptions);
      const invites = await listInvites(db, v.programme);
      print(
        invites,
        invites.length === 0
          ? 'No invites.'
          : invites
              .map((i) => `${i.code}  ${i.role.padEnd(7)}  uses ${i.uses}${i.maxUses ? `/${i.maxUses}` : ''}${i.revokedAt ? '  revoked' : ''}${i.expiresAt ? `  expires ${i.expiresAt.toISOString().slice(0, 10)}` : ''}`)
              .join('\n'),
      );
      return;
    }
    case 'invite:revoke': {
      const code = normaliseInviteCode(commands['invite:revoke'].schema.parse(rawOptions).code);
      if (!code) throw new UsageError('--code: not an invite code');
      const revoked = await revokeInvite(db, code, now);
      if (!revoked) throw new UsageError(`--code: no active invite ${code}`);
      print(revoked, `Invite ${code} revoked.`);
      return;
    }
    case 'participants': {
      const v = commands.participants.schema.parse(rawOptions);
      const rows = await listParticipants(db, { programmeId: v.programme, ...(v.role ? { role: v.role } : {}) });
      print(
        rows,
        rows.length === 0
          ? 'No participants yet.'
          : rows.map((r) => `${r.personId}\t${r.role}\t${r.status}\t${r.fullName ?? '—'}\t${r.platforms.join(',')}`).join('\n'),
      );
      return;
    }
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = createConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const database = createDatabase({
    url: config.database.url,
    dataDir: `${config.database.dataDir}/pglite`,
    poolSize: 2,
  });
  try {
    await database.migrate();
    await runCli(process.argv.slice(2), { db: database.db, config, out: (s) => process.stdout.write(`${s}\n`) });
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 2;
    } else {
      throw error;
    }
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
