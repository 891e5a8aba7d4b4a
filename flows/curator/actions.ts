// The curator console's buttons: encodePayload('act', 'curator', action, id). The action token names
// what to do (with small enumerated arguments such as a filter and a page); the id is always the
// programme or the pair the button is about, so every press re-checks that the presser curates it.
import { z } from 'zod';
import { pairStatuses } from '../../db/schema';
import { baseFilters } from '../../src/curators/participants';
import { mentorshipForms } from '../../src/programmes/forms';
import { encodePayload } from '../payload';

const page = z.coerce.number().int().min(0).max(9999);
const pairFilters = ['all', ...pairStatuses] as const;
export type PairFilter = (typeof pairFilters)[number];

/** What a curator button does; `on` says what the id refers to. */
export type CuratorAction =
  | { kind: 'matchall'; on: 'programme' }
  | { kind: 'settings'; on: 'programme' }
  | { kind: 'forms'; on: 'programme' }
  | { kind: 'form'; on: 'programme'; form: (typeof mentorshipForms)[number] }
  | { kind: 'stages'; on: 'programme' }
  | { kind: 'stage'; on: 'programme'; stage: number }
  | { kind: 'dates'; on: 'programme' }
  | { kind: 'selfmatch'; on: 'programme'; enabled: boolean }
  | { kind: 'base'; on: 'programme'; role: 'mentee' | 'mentor'; filter: (typeof baseFilters)[number]; page: number }
  | { kind: 'pairs'; on: 'programme'; filter: PairFilter; page: number }
  | { kind: 'round'; on: 'programme' }
  | { kind: 'roundopen'; on: 'programme' }
  | { kind: 'roundclose'; on: 'programme' }
  | { kind: 'pair'; on: 'pair' }
  | { kind: 'pairend'; on: 'pair' }
  | { kind: 'addmentee'; on: 'pair' }
  | { kind: 'addmentor'; on: 'pair' };

const plain = {
  matchall: 'programme',
  settings: 'programme',
  forms: 'programme',
  stages: 'programme',
  dates: 'programme',
  round: 'programme',
  roundopen: 'programme',
  roundclose: 'programme',
  pair: 'pair',
  pairend: 'pair',
  addmentee: 'pair',
  addmentor: 'pair',
} as const;

const parsers: [RegExp, (m: RegExpExecArray) => CuratorAction | undefined][] = [
  [/^form-([a-z_]+)$/, (m) => {
    const form = z.enum(mentorshipForms).safeParse(m[1]);
    return form.success ? { kind: 'form', on: 'programme', form: form.data } : undefined;
  }],
  [/^stage-([1-7])$/, (m) => ({ kind: 'stage', on: 'programme', stage: Number(m[1]) })],
  [/^selfmatch-(on|off)$/, (m) => ({ kind: 'selfmatch', on: 'programme', enabled: m[1] === 'on' })],
  [/^b-(mentee|mentor)-([a-z]+)-(\d{1,4})$/, (m) => {
    const filter = z.enum(baseFilters).safeParse(m[2]);
    return filter.success ? { kind: 'base', on: 'programme', role: m[1] as 'mentee' | 'mentor', filter: filter.data, page: page.parse(m[3]) } : undefined;
  }],
  [/^p-([a-z_]+)-(\d{1,4})$/, (m) => {
    const filter = z.enum(pairFilters).safeParse(m[1]);
    return filter.success ? { kind: 'pairs', on: 'programme', filter: filter.data, page: page.parse(m[2]) } : undefined;
  }],
];

export function parseCuratorAction(action: string): CuratorAction | undefined {
  if (Object.hasOwn(plain, action)) {
    const kind = action as keyof typeof plain;
    return { kind, on: plain[kind] } as CuratorAction;
  }
  for (const [pattern, build] of parsers) {
    const match = pattern.exec(action);
    if (match) return build(match);
  }
  return undefined;
}

function token(action: CuratorAction): string {
  switch (action.kind) {
    case 'form':
      return `form-${action.form}`;
    case 'stage':
      return `stage-${action.stage}`;
    case 'selfmatch':
      return `selfmatch-${action.enabled ? 'on' : 'off'}`;
    case 'base':
      return `b-${action.role}-${action.filter}-${action.page}`;
    case 'pairs':
      return `p-${action.filter}-${action.page}`;
    default:
      return action.kind;
  }
}

type Without<T> = T extends unknown ? Omit<T, 'on'> : never;

/** The payload of a curator button about programme or pair `id`. */
export function curatorPayload(action: Without<CuratorAction>, id: number): string {
  const full = { ...action, on: 'programme' } as CuratorAction;
  return encodePayload('act', 'curator', token(full), id);
}
