// Who is told when a participant withdraws consent: the curators of each programme they were in,
// with the pairs that ended because of it and the other side of those pairs (still consenting).
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { memberships, pairMembers, people, programmes, type Role } from '../../db/schema';
import type { WithdrawalResult } from '../participants/withdrawal';

export interface WithdrawalNotice {
  curatorPersonId: number;
  programmeName: string;
  role: Exclude<Role, 'curator'>;
  endedPairs: number;
  /** Names of the other members of the ended pairs. */
  partners: string[];
}

export async function withdrawalNotices(db: Executor, result: WithdrawalResult): Promise<WithdrawalNotice[]> {
  const participations = result.memberships.filter((m): m is typeof m & { role: 'mentee' | 'mentor' } => m.role !== 'curator');
  if (participations.length === 0) return [];
  const programmeIds = [...new Set(participations.map((m) => m.programmeId))];
  const [curators, names] = await Promise.all([
    db
      .select({ programmeId: memberships.programmeId, personId: memberships.personId, programmeName: programmes.name })
      .from(memberships)
      .innerJoin(programmes, eq(programmes.id, memberships.programmeId))
      .where(and(inArray(memberships.programmeId, programmeIds), eq(memberships.role, 'curator'), ne(memberships.status, 'withdrawn'))),
    result.endedPairs.length === 0
      ? Promise.resolve([])
      : db
          .select({ pairId: pairMembers.pairId, fullName: people.fullName })
          .from(pairMembers)
          .innerJoin(memberships, eq(memberships.id, pairMembers.membershipId))
          .innerJoin(people, eq(people.id, memberships.personId))
          .where(
            and(
              inArray(
                pairMembers.pairId,
                result.endedPairs.map((p) => p.pairId),
              ),
              ne(memberships.status, 'withdrawn'),
            ),
          ),
  ]);
  const notices: WithdrawalNotice[] = [];
  for (const participation of participations) {
    const ended = result.endedPairs.filter((p) => p.programmeId === participation.programmeId).map((p) => p.pairId);
    const partners = names.filter((n) => ended.includes(n.pairId) && n.fullName).map((n) => n.fullName ?? '');
    for (const curator of curators.filter((c) => c.programmeId === participation.programmeId)) {
      notices.push({ curatorPersonId: curator.personId, programmeName: curator.programmeName, role: participation.role, endedPairs: ended.length, partners });
    }
  }
  return notices;
}
