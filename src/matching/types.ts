// Plain data of matching (stage 5): the profiles it reads and the suggestions it returns. Reasons are
// data; the texts shown to curators are rendered elsewhere from locale keys.

export type MeetingFormat = 'online' | 'offline' | 'any';

export interface MenteeProfile {
  id: number;
  /** Option ids of what the mentee wants help with. */
  requests: string[];
  /** Free words; may be empty. */
  interests: string[];
  format: MeetingFormat;
  /** Slot ids such as 'weekday_afternoon'. */
  freeTime: string[];
  /** Forms of mentorship the mentee can be in ('student-student', ...); empty means any. */
  forms: string[];
  /** Up to three mentor ids from a preference round. */
  preferredMentors?: number[];
}

export interface MentorProfile {
  id: number;
  competences: string[];
  interests: string[];
  format: MeetingFormat;
  freeTime: string[];
  /** Forms the mentor can work in; empty means any. */
  forms: string[];
  /** How many mentees the mentor can take in all (1..10). */
  capacity: number;
  /** Mentees already paired with this mentor. */
  load: number;
  /** Interviewed and trained: only ready mentors are matched. */
  ready: boolean;
  preferredMentees?: number[];
}

export type MatchReason =
  | { kind: 'shared-topics'; topics: string[] }
  | { kind: 'shared-interests'; words: string[] }
  | { kind: 'format-match'; format: MeetingFormat }
  | { kind: 'format-mismatch' }
  | { kind: 'time-overlap'; slots: string[] }
  | { kind: 'no-common-time' }
  | { kind: 'form-match'; form: string }
  | { kind: 'spare-capacity'; spare: number }
  | { kind: 'mutual-preference' }
  | { kind: 'mentee-prefers' }
  | { kind: 'mentor-prefers' };

export interface Suggestion {
  menteeId: number;
  mentorId: number;
  /** Integer 0..100. */
  score: number;
  reasons: MatchReason[];
}

/** Result of an assignment: each mentee in at most one pair, each mentor within its spare capacity. */
export interface Assignment {
  /** Sorted by mentee id. */
  pairs: Suggestion[];
  /** Mentee ids left without a pair, ascending. */
  unassigned: number[];
  totalScore: number;
}
