// Everything a database holds, as one comparable value: a test takes one before and one after an
// action that must change nothing. Bookkeeping that every update touches is left out (the processed
// update ids, when an identity was last seen, when a flow state was last written).
import postgres from 'postgres';

export interface Snapshotter {
  /**
   * Every table's rows; with `programmeId`, only what belongs to that programme: rows naming it, its
   * memberships, their people, responses and pairs, and every row of tables that name none of these.
   */
  take(options?: { programmeId?: number }): Promise<string>;
  close(): Promise<void>;
}

const SKIPPED_TABLES = new Set(['processed_updates']);
const SKIPPED_COLUMNS: Record<string, string[]> = { identities: ['last_seen_at'], flow_states: ['updated_at'] };

export async function createSnapshotter(url: string): Promise<Snapshotter> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  const tables = (
    await sql<{ name: string }[]>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`
  )
    .map((r) => r.name)
    .filter((name) => !SKIPPED_TABLES.has(name));
  return {
    async take(options = {}) {
      const only = options.programmeId ?? null;
      const ownership = `$1::int is null
        or (to_jsonb(t)->>'programme_id') = $1::int::text
        or (to_jsonb(t)->>'membership_id') in (select id::text from memberships where programme_id = $1::int)
        or (to_jsonb(t)->>'person_id') in (select person_id::text from memberships where programme_id = $1::int)
        or (to_jsonb(t)->>'response_id') in (select r.id::text from responses r join memberships m on m.id = r.membership_id where m.programme_id = $1::int)
        or (to_jsonb(t)->>'pair_id') in (select id::text from pairs where programme_id = $1::int)
        or not (to_jsonb(t) ?| array['programme_id', 'membership_id', 'person_id', 'response_id', 'pair_id'])`;
      const parts = tables.map((table) => {
        const row = ['to_jsonb(t)', ...(SKIPPED_COLUMNS[table] ?? []).map((c) => `'${c}'`)].join(' - ');
        return `'${table}', (select coalesce(jsonb_agg(${row} order by (${row})::text), '[]'::jsonb) from "${table}" t where ${ownership})`;
      });
      // A function takes at most 100 arguments: tables go in groups of 40, joined with ||.
      const groups: string[] = [];
      for (let i = 0; i < parts.length; i += 40) groups.push(`jsonb_build_object(${parts.slice(i, i + 40).join(', ')})`);
      const [result] = await sql.unsafe<{ snapshot: unknown }[]>(`select ${groups.join(' || ') || "'{}'::jsonb"} as snapshot`, [only]);
      return JSON.stringify(result?.snapshot);
    },
    close: () => sql.end({ timeout: 1 }),
  };
}

/** The tables whose content differs between two snapshots. */
export function changedTables(before: string, after: string): string[] {
  const a = JSON.parse(before) as Record<string, unknown>;
  const b = JSON.parse(after) as Record<string, unknown>;
  return Object.keys({ ...a, ...b }).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
