// What the fuzz tests share: hostile inputs, the language a reply is written in, captured logs, and
// the consistency of everything the engine stored after thousands of random updates.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import type { Db } from '../../../db/client';
import { answers, consents, flowStates, identities, memberships, pairs, people, processedUpdates, responses } from '../../../db/schema';
import { consentWithdrawalFlow } from '../../../flows/consent-withdrawal';
import { chatModules } from '../../../flows/modules';
import { dataSchema as onboardingData } from '../../../flows/onboarding';
import { declineSchema } from '../../../flows/pair-confirmation';
import { dataSchema as questionnaireData } from '../../../flows/questionnaire';
import { encodePayload, payloadSchemas, type PayloadAction } from '../../../flows/payload';
import { createLogger, type Logger } from '../../../src/logger';
import { localesDir, type Locale } from '../../../src/i18n';
import type { QuestionnaireCatalog } from '../../../src/questionnaires/catalog';
import { answerValueSchema } from '../../../src/questionnaires/definition';

/** Texts people (and attackers) send that broke bots before. */
export const hostileTexts = [
  '',
  ' ',
  '\n\n\t',
  "'; drop table people; --",
  'Robert\'); DELETE FROM answers WHERE (\'1\'=\'1',
  '<script>alert(1)</script>',
  '<b>bold</b> &amp; &lt;i&gt;',
  '*bold* _italic_ `code` [link](http://example.org)',
  '${jndi:ldap://example.org/a}',
  '{{7*7}} #{7*7} %s %n %x',
  '../../../../etc/passwd',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '99999999999999999999999',
  '1e308',
  '3',
  '31.02.2025',
  '29.02.2024',
  'да',
  'нет',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202e\u202dRTL override',
  '\u200b\u200c\u200d\ufeff',
  'Z̴̡̢̛̗̘̙̜̝̞̟̠̀́̂̃̄̅̆̇̉̊̋̌̍̎̏̐̑̒̓̔̽̾̿̀́͂̓̈́͆͊͋͌ͅ͏͓͔͕͖͙͚͐͑͒͗͛ͣͤͥͦͧͨͩͪͫͬͭͮͯ͘͜͟͢͝͞͠͡a',
  '👨‍👩‍👧‍👦🏳️‍🌈🇷🇺'.repeat(20),
  '\r\n'.repeat(500),
  '/',
  '//start',
  '/start@',
  '@all @online',
  '[club1|@club1] hi',
  '[id1|Павел Дуров]',
  'https://t.me/nastavnik_test_bot?start=ABCDEFGH',
  'https://vk.me/club1?ref=ZZZZZZZZ',
  'L-ABCDEF',
  'ABCDEFGH',
  'ЖЖЖЖЖЖЖЖ',
];

const textArbitrary = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 4, arbitrary: fc.constantFrom(...hostileTexts) },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 20 }).map(String) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 301, maxLength: 1200 }) },
  // 100 KB and more: far beyond what a messenger sends, still not a reason to fall over.
  { weight: 1, arbitrary: fc.constantFrom('я'.repeat(100_000), 'x'.repeat(102_400), '💥'.repeat(50_000)) },
);

/** Any text a person could type or paste, or an attacker could post. */
export function text(codes: readonly string[]): fc.Arbitrary<string> {
  return codes.length === 0 ? textArbitrary : fc.oneof({ weight: 12, arbitrary: textArbitrary }, { weight: 1, arbitrary: fc.constantFrom(...codes) });
}

/** Every command the bot knows, and some it does not. */
export function commandName(registered: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('start', 'cancel', 'language', 'help', 'link', 'forget', ...registered) },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-z_0-9]{1,64}$/) },
  );
}

/** Arguments after a command: nothing, junk, numbers, codes. */
export function commandArgs(codes: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant('') },
    { weight: 3, arbitrary: text([]) },
    { weight: 2, arbitrary: fc.constantFrom('mentee', 'mentor', 'curator', 'mentee 0', 'mentor 400 0', 'curator -1 x', 'ru', 'en', 'de') },
    { weight: 2, arbitrary: codes.length > 0 ? fc.constantFrom(...codes) : fc.constant('ABCDEFGH') },
  );
}

const idArbitrary = fc.oneof(fc.nat({ max: 40 }), fc.nat({ max: 5000 }), fc.constant(2_147_483_647), fc.constant(0));

/** A payload made with the bot's own codec, but with ids and arguments an attacker chose. */
export const forgedPayload: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...(Object.keys(payloadSchemas) as PayloadAction[])), fc.array(idArbitrary, { minLength: 3, maxLength: 3 }), fc.nat())
  .map(([action, ids, pick]) => {
    const [a = 0, b = 0, c = 0] = ids;
    const enums: Partial<Record<PayloadAction, string[]>> = {
      consent: ['consent:yes', 'consent:no'],
      age: ['age:under14', 'age:over14'],
      parent: ['parent:yes', 'parent:no'],
      lang: ['lang:ru', 'lang:en'],
      list: [`list:mentee:${a}`, `list:mentor:${a}`],
      ready: [`ready:${a}:interviewed`, `ready:${a}:trained`, `ready:${a}:ready`],
      revoke: ['revoke:abcdefgh', `revoke:${'a'.repeat(8)}`],
      pair: [`pair:${a}:yes`, `pair:${a}:no`],
      act: [
        encodePayload('act', 'curator', 'matchall', a),
        encodePayload('act', 'forget', 'yes', 0),
        encodePayload('act', 'forget', 'no', 0),
        ...chatModules.map((m) => encodePayload('act', m.name, 'x', a)),
      ],
    };
    const options = enums[action];
    if (options) return options[pick % options.length] ?? action;
    const arity = payloadSchemas[action].def.items.length;
    return [action, ...[a, b, c].slice(0, arity)].join(':');
  });

/** Button data that is not ours at all. */
export const garbagePayload: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('', ':', 'pick', 'pick:1:2', 'pick:-1:0:0', 'pick:01:2:3', 'pick:1:2:3:4', 'act:curator', '__proto__', 'constructor:1', 'x'.repeat(65), 'pick:99999999999:1:1'),
);

/**
 * The button a cooperative person presses: "Done" once something is ticked, else the first one that
 * moves on (not back, not a refusal, not a deletion, not a change from the summary).
 */
export function cooperativeChoice<B>(buttons: B[], label: (button: B) => string): B | undefined {
  const done = buttons.find((b) => /Готово|Done/.test(label(b)));
  if (done && buttons.some((b) => label(b).startsWith('✅ '))) return done;
  return buttons.find((b) => !/Назад|Back|Не согласен|disagree|not agree|удалить|delete|меньше 14|under 14|not consent|✏️/i.test(label(b)));
}

// --- the language of a reply -------------------------------------------------------------------

function wordsOf(locale: Locale): Set<string> {
  const words = new Set<string>();
  const folder = path.join(localesDir, locale);
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.ftl'))) {
    for (const line of readFileSync(path.join(folder, file), 'utf8').split('\n')) {
      if (line.startsWith('#')) continue;
      // The value only: no message ids, no placeables, no selector keys.
      const value = line.replace(/^[\w-]+\s*=/, '').replace(/\{[^}]*\}/g, ' ').replace(/^\s*\*?\[[^\]]*\]/, ' ');
      for (const word of value.toLowerCase().match(/\p{L}{4,}/gu) ?? []) words.add(word);
    }
  }
  return words;
}

const vocabulary = (() => {
  const ru = wordsOf('ru');
  const en = wordsOf('en');
  return {
    ru: new Set([...ru].filter((w) => !en.has(w) && /[а-яё]/.test(w))),
    en: new Set([...en].filter((w) => !ru.has(w) && /^[a-z]+$/.test(w))),
  };
})();

/**
 * True when the text has words only that language's texts use (nearly every bot text has some), or
 * none that only the other language uses (a text written in both, like the language choice).
 */
export function writtenIn(textValue: string, locale: Locale): boolean {
  const words = textValue.toLowerCase().match(/\p{L}{4,}/gu) ?? [];
  const other: Locale = locale === 'ru' ? 'en' : 'ru';
  return words.some((w) => vocabulary[locale].has(w)) || !words.some((w) => vocabulary[other].has(w));
}

// --- logs ----------------------------------------------------------------------------------------

export interface CapturedLog {
  logger: Logger;
  lines: Record<string, unknown>[];
  /** Entries at error level or worse. */
  errors(): Record<string, unknown>[];
}

export function captureLog(level = 'warn'): CapturedLog {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger(level, stream), lines, errors: () => lines.filter((l) => Number(l.level) >= 50) };
}

// --- consistency of what is stored -------------------------------------------------------------

const knownFlows = new Map<string, ((data: unknown) => boolean) | undefined>([
  ['onboarding', (d) => onboardingData.safeParse(d).success],
  ['questionnaire', (d) => questionnaireData.safeParse(d).success],
  ['pair-decline', (d) => declineSchema.safeParse(d).success],
  [consentWithdrawalFlow.name, undefined],
  ...chatModules.flatMap((m) => (m.flows ?? []).map((f): [string, undefined] => [f.name, undefined])),
]);

export interface SentTexts {
  /** Every text an identity sent, by `${platform}:${externalId}`. */
  has(identityKey: string, textValue: string): boolean;
}

/**
 * Problems in what the engine stored; [] when everything holds:
 * - every flow state names a known flow and its data passes that flow's schema, and a questionnaire
 *   state points at a response of the same person;
 * - every answer is valid for its question, and a typed answer was typed by that person;
 * - a person's name is their own answer; a private identity's chat is the person's own chat;
 * - every active membership has its consent, and no withdrawn person keeps a name or answers.
 */
export async function consistencyProblems(db: Db, catalog: QuestionnaireCatalog, sent: SentTexts): Promise<string[]> {
  const problems: string[] = [];
  const identityRows = await db.select().from(identities);
  const keysOf = new Map<number, string[]>();
  for (const row of identityRows) {
    keysOf.set(row.personId, [...(keysOf.get(row.personId) ?? []), `${row.platform}:${row.externalId}`]);
    if (row.chatId !== row.externalId) problems.push(`identity ${row.platform}:${row.externalId} writes to chat ${row.chatId}, not the person's own`);
  }
  const sentBy = (personId: number, value: string): boolean =>
    (keysOf.get(personId) ?? []).some((key) => sent.has(key, value));

  const responseRows = await db
    .select({ response: responses, personId: memberships.personId, status: memberships.status })
    .from(responses)
    .innerJoin(memberships, eq(memberships.id, responses.membershipId));
  const responseOwner = new Map(responseRows.map((r) => [r.response.id, r.personId]));

  for (const state of await db.select().from(flowStates)) {
    const check = (flow: string | null, data: unknown, where: string): void => {
      if (flow === null) return;
      if (!knownFlows.has(flow)) {
        problems.push(`person ${state.personId}: ${where} names unknown flow ${flow}`);
        return;
      }
      const valid = knownFlows.get(flow);
      if (valid && !valid(data)) problems.push(`person ${state.personId}: ${where} data of ${flow} fails its schema: ${JSON.stringify(data).slice(0, 200)}`);
      if (flow === 'questionnaire') {
        const responseId = (data as { responseId?: number }).responseId ?? -1;
        if (responseOwner.get(responseId) !== state.personId) problems.push(`person ${state.personId}: ${where} points at response ${responseId} of person ${responseOwner.get(responseId)}`);
      }
    };
    check(state.flow, state.data, 'state');
    const paused = (state.data as { paused?: { flow?: unknown; data?: unknown } }).paused;
    if (state.flow === null && paused !== undefined) check(typeof paused.flow === 'string' ? paused.flow : 'not-a-flow', paused.data, 'paused state');
  }

  const answerRows = await db.select().from(answers);
  const fullNames = new Map<number, Set<string>>();
  for (const answer of answerRows) {
    const owner = responseOwner.get(answer.responseId);
    const response = responseRows.find((r) => r.response.id === answer.responseId)?.response;
    const definition = response ? catalog.byId(response.questionnaireId)?.definition : undefined;
    const question = definition?.questions.find((q) => q.id === answer.questionId);
    const value = answerValueSchema.safeParse(answer.value);
    if (owner === undefined || !question || !value.success) {
      problems.push(`answer ${answer.responseId}/${answer.questionId} is not a valid answer of a known question`);
      continue;
    }
    const kind = value.data.kind;
    if (kind !== 'skipped' && kind !== question.kind && !(kind === 'text' && question.kind === 'text')) {
      problems.push(`answer ${answer.responseId}/${answer.questionId} is ${kind} for a ${question.kind} question`);
    }
    const typed = value.data.kind === 'text' ? value.data.text : value.data.kind === 'multi' ? value.data.other : undefined;
    if (typed !== undefined && !sentBy(owner, typed)) {
      problems.push(`answer ${answer.responseId}/${answer.questionId} of person ${owner} holds a text that person never sent`);
    }
    if (question.profileField === 'fullName' && value.data.kind === 'text') {
      fullNames.set(owner, new Set([...(fullNames.get(owner) ?? []), value.data.text]));
    }
  }

  const consentRows = await db.select().from(consents);
  for (const person of await db.select().from(people)) {
    if (person.fullName !== null && !(fullNames.get(person.id)?.has(person.fullName) ?? false)) {
      problems.push(`person ${person.id} is named by something that is not their own answer`);
    }
    // Withdrawn, then joined again with a new consent: the new answers may name them again.
    const consentedAgain = consentRows.some((c) => c.personId === person.id && c.withdrawnAt === null && person.erasedAt !== null && c.givenAt >= person.erasedAt);
    if (person.erasedAt !== null && person.fullName !== null && !consentedAgain) {
      problems.push(`person ${person.id} withdrew but keeps a name; consents ${JSON.stringify(consentRows.filter((c) => c.personId === person.id))} erased ${person.erasedAt.toISOString()}`);
    }
  }
  for (const membership of await db.select().from(memberships)) {
    if (membership.status === 'consented' || membership.status === 'questionnaire_done') {
      const consent = consentRows.find((c) => c.personId === membership.personId && c.programmeId === membership.programmeId && c.withdrawnAt === null);
      if (!consent) problems.push(`membership ${membership.id} is ${membership.status} without a consent`);
    }
    if (membership.status === 'withdrawn' && responseRows.some((r) => r.response.membershipId === membership.id)) {
      problems.push(`membership ${membership.id} withdrew but keeps its answers`);
    }
  }
  return problems;
}

/** The number of update ids recorded as handled for a platform. */
export async function processedCount(db: Db, platform: string): Promise<number> {
  return (await db.select().from(processedUpdates).where(eq(processedUpdates.platform, platform))).length;
}

/** How far the fuzzed people got: memberships by status, submitted responses, pairs by status, current flows. */
export async function reachedStates(db: Db): Promise<Record<string, number>> {
  const reached: Record<string, number> = {};
  const count = (key: string): void => {
    reached[key] = (reached[key] ?? 0) + 1;
  };
  for (const m of await db.select().from(memberships)) count(`membership ${m.role} ${m.status}`);
  for (const r of await db.select().from(responses)) count(`response ${r.status}`);
  for (const p of await db.select().from(pairs)) count(`pair ${p.status}`);
  for (const f of await db.select().from(flowStates)) count(`flow ${f.flow ?? 'none'}`);
  return reached;
}
