// The regional view, as the regional tables show it: for every organisation of the coordinator's
// region (or municipality) the forms of mentorship it runs and its involvement figures; per
// municipality the number of organisations running each form, and the totals. Four set-based
// queries, then pure aggregation. Involved students are not counted here: they are read from
// organisation_figures, which triggers keep current (migration 0008), one row per organisation
// instead of every formed pair of the region with its members.
import { and, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { memberships, organisationFigures, organisations, pairs, programmes } from '../../db/schema';
import { mentorshipForms, type MentorshipForm } from '../programmes/forms';
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
  const where = and(...inScope) ?? sql`true`;
  // The programmes of the scope, as a subquery: the filters below stay one parameter long at any
  // number of organisations.
  const scopeProgrammes = db
    .select({ id: programmes.id })
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, programmes.organisationId))
    .where(where);

  const [orgRows, programmeRows, pairForms, counts] = await Promise.all([
    db
      .select({
        id: organisations.id,
        name: organisations.name,
        municipality: organisations.municipality,
        studentsTotal: organisations.studentsTotal,
        involved: sql<number>`coalesce(${organisationFigures.involvedStudents}, 0)`,
      })
      .from(organisations)
      .leftJoin(organisationFigures, eq(organisationFigures.organisationId, organisations.id))
      .where(where)
      .orderBy(organisations.municipality, organisations.name, organisations.id),
    db
      .select({ id: programmes.id, organisationId: programmes.organisationId, forms: programmes.forms })
      .from(programmes)
      .innerJoin(organisations, eq(organisations.id, programmes.organisationId))
      .where(where),
    // A form counts as run when a pair of that form was formed, even if the programme did not
    // declare it: one probe of the partial index on formed pairs per programme and undeclared form,
    // instead of reading every pair of the region.
    db
      .select({ programmeId: programmes.id, form: sql<string>`f.form` })
      .from(programmes)
      .innerJoin(organisations, eq(organisations.id, programmes.organisationId))
      .crossJoin(sql`unnest(${sql.raw(`array[${mentorshipForms.map((f) => `'${f}'`).join(',')}]`)}::text[]) as f(form)`)
      .where(
        and(
          where,
          sql`not (f.form = any(${programmes.forms}))`,
          sql`(select true from ${pairs} where ${pairs.programmeId} = ${programmes.id} and ${pairs.form} = f.form and ${inArray(pairs.status, ['active', 'completed'])} limit 1)`,
        ),
      ),
    // Per programme straight from the memberships index (no join per row); summed per organisation below.
    db
      .select({ programmeId: memberships.programmeId, role: memberships.role, n: sql<number>`count(*)::int` })
      .from(memberships)
      .where(and(inArray(memberships.programmeId, scopeProgrammes), ne(memberships.role, 'curator')))
      .groupBy(memberships.programmeId, memberships.role),
  ]);
  if (orgRows.length === 0) return aggregateRegion(scope, []);

  const organisationOf = new Map<number, number>();
  const forms = new Map<number, Set<MentorshipForm>>();
  const addForm = (organisationId: number | undefined, form: string) => {
    if (organisationId === undefined || !(mentorshipForms as readonly string[]).includes(form)) return;
    const set = forms.get(organisationId) ?? new Set<MentorshipForm>();
    set.add(form as MentorshipForm);
    forms.set(organisationId, set);
  };
  for (const programme of programmeRows) {
    organisationOf.set(programme.id, programme.organisationId);
    for (const form of programme.forms) addForm(programme.organisationId, form);
  }
  for (const row of pairForms) addForm(organisationOf.get(row.programmeId), row.form);
  const people = new Map<number, { mentees: number; mentors: number }>();
  for (const row of counts) {
    const organisationId = organisationOf.get(row.programmeId);
    if (organisationId === undefined) continue;
    const entry = people.get(organisationId) ?? { mentees: 0, mentors: 0 };
    if (row.role === 'mentee') entry.mentees += row.n;
    else entry.mentors += row.n;
    people.set(organisationId, entry);
  }
  const figures: OrganisationFigures[] = orgRows.map((o) => ({
    organisationId: o.id,
    name: o.name,
    municipality: o.municipality ?? NO_MUNICIPALITY,
    forms: mentorshipForms.filter((f) => forms.get(o.id)?.has(f)),
    studentsTotal: o.studentsTotal,
    mentees: people.get(o.id)?.mentees ?? 0,
    mentors: people.get(o.id)?.mentors ?? 0,
    involvement: involvement(o.involved, o.studentsTotal),
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
