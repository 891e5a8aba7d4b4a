// The regional view, as the regional tables show it: for every organisation of the coordinator's
// region (or municipality) the forms of mentorship it runs and its involvement figures; per
// municipality the number of organisations running each form, and the totals. Four set-based
// queries, then pure aggregation.
import { and, eq, inArray, isNotNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { memberships, organisations, pairs, programmes } from '../../db/schema';
import { mentorshipForms, type MentorshipForm } from '../programmes/forms';
import { involvedStudents } from '../reports/summary';
import { involvement, type Involvement } from '../reports/figures';
import type { CoordinatorScope } from './access';

export interface OrganisationFigures {
  organisationId: number;
  name: string;
  municipality: string;
  forms: MentorshipForm[];
  studentsTotal: number | null;
  mentees: number;
  mentors: number;
  involvement: Involvement;
}

export interface MunicipalityFigures {
  municipality: string;
  organisations: number;
  /** Organisations running each form. */
  byForm: Record<MentorshipForm, number>;
  /** Organisations running at least one form. */
  running: number;
  studentsTotal: number;
  mentees: number;
  mentors: number;
  involvement: Involvement;
}

export interface RegionalSummary {
  region: string;
  municipality: string | null;
  organisations: OrganisationFigures[];
  municipalities: MunicipalityFigures[];
  totals: MunicipalityFigures;
}

/** Municipality of an organisation that has none recorded. */
export const NO_MUNICIPALITY = '—';

export async function regionalSummary(db: Executor, scope: Pick<CoordinatorScope, 'region' | 'municipality'>): Promise<RegionalSummary> {
  const inScope: SQL[] = [eq(organisations.region, scope.region)];
  if (scope.municipality !== null) inScope.push(eq(organisations.municipality, scope.municipality));
  const where = and(...inScope);

  const orgRows = await db
    .select({ id: organisations.id, name: organisations.name, municipality: organisations.municipality, studentsTotal: organisations.studentsTotal })
    .from(organisations)
    .where(where)
    .orderBy(organisations.municipality, organisations.name, organisations.id);
  const ids = orgRows.map((o) => o.id);
  if (ids.length === 0) return aggregateRegion(scope, []);

  const [declaredForms, pairForms, counts, involved] = await Promise.all([
    db
      .selectDistinct({ organisationId: programmes.organisationId, form: sql<string>`unnest(${programmes.forms})` })
      .from(programmes)
      .innerJoin(organisations, eq(organisations.id, programmes.organisationId))
      .where(where),
    // A form counts as run when a pair of that form was formed, even if the programme did not declare it.
    db
      .selectDistinct({ organisationId: programmes.organisationId, form: sql<string>`${pairs.form}` })
      .from(pairs)
      .innerJoin(programmes, eq(programmes.id, pairs.programmeId))
      .innerJoin(organisations, eq(organisations.id, programmes.organisationId))
      .where(and(where, inArray(pairs.status, ['active', 'completed']), isNotNull(pairs.form))),
    db
      .select({ organisationId: programmes.organisationId, role: memberships.role, n: sql<number>`count(*)::int` })
      .from(memberships)
      .innerJoin(programmes, eq(programmes.id, memberships.programmeId))
      .innerJoin(organisations, eq(organisations.id, programmes.organisationId))
      .where(and(where, ne(memberships.role, 'curator')))
      .groupBy(programmes.organisationId, memberships.role),
    involvedStudents(db, ids),
  ]);

  const forms = new Map<number, Set<MentorshipForm>>();
  for (const row of [...declaredForms, ...pairForms]) {
    if (!(mentorshipForms as readonly string[]).includes(row.form)) continue;
    const set = forms.get(row.organisationId) ?? new Set<MentorshipForm>();
    set.add(row.form as MentorshipForm);
    forms.set(row.organisationId, set);
  }
  const people = new Map<number, { mentees: number; mentors: number }>();
  for (const row of counts) {
    const entry = people.get(row.organisationId) ?? { mentees: 0, mentors: 0 };
    if (row.role === 'mentee') entry.mentees += row.n;
    else entry.mentors += row.n;
    people.set(row.organisationId, entry);
  }
  const figures: OrganisationFigures[] = orgRows.map((o) => ({
    organisationId: o.id,
    name: o.name,
    municipality: o.municipality ?? NO_MUNICIPALITY,
    forms: mentorshipForms.filter((f) => forms.get(o.id)?.has(f)),
    studentsTotal: o.studentsTotal,
    mentees: people.get(o.id)?.mentees ?? 0,
    mentors: people.get(o.id)?.mentors ?? 0,
    involvement: involvement(involved.get(o.id) ?? 0, o.studentsTotal),
  }));
  return aggregateRegion(scope, figures);
}

function emptyForms(): Record<MentorshipForm, number> {
  return Object.fromEntries(mentorshipForms.map((f) => [f, 0])) as Record<MentorshipForm, number>;
}

interface Bucket {
  organisations: number;
  byForm: Record<MentorshipForm, number>;
  running: number;
  studentsTotal: number;
  mentees: number;
  mentors: number;
  involved: number;
  /** Involved students of organisations whose head count is known: the share is taken over these only. */
  involvedCounted: number;
}

function accumulate(into: Bucket, org: OrganisationFigures): void {
  into.organisations++;
  for (const form of org.forms) into.byForm[form]++;
  if (org.forms.length > 0) into.running++;
  into.studentsTotal += org.studentsTotal ?? 0;
  into.mentees += org.mentees;
  into.mentors += org.mentors;
  into.involved += org.involvement.involved;
  if ((org.studentsTotal ?? 0) > 0) into.involvedCounted += org.involvement.involved;
}

/** Per municipality (in the order they come) and in total: pure, over the organisations' figures. */
export function aggregateRegion(scope: Pick<CoordinatorScope, 'region' | 'municipality'>, orgs: OrganisationFigures[]): RegionalSummary {
  const blank = (): Bucket => ({ organisations: 0, byForm: emptyForms(), running: 0, studentsTotal: 0, mentees: 0, mentors: 0, involved: 0, involvedCounted: 0 });
  const byMunicipality = new Map<string, Bucket>();
  const total = blank();
  for (const org of orgs) {
    const bucket = byMunicipality.get(org.municipality) ?? blank();
    accumulate(bucket, org);
    accumulate(total, org);
    byMunicipality.set(org.municipality, bucket);
  }
  const finish = (municipality: string, b: Bucket): MunicipalityFigures => ({
    municipality,
    organisations: b.organisations,
    byForm: b.byForm,
    running: b.running,
    studentsTotal: b.studentsTotal,
    mentees: b.mentees,
    mentors: b.mentors,
    involvement: { ...involvement(b.involvedCounted, b.studentsTotal > 0 ? b.studentsTotal : null), involved: b.involved },
  });
  return {
    region: scope.region,
    municipality: scope.municipality,
    organisations: orgs,
    municipalities: [...byMunicipality].map(([name, b]) => finish(name, b)),
    totals: finish('', total),
  };
}
