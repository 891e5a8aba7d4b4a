// The forms of mentorship of the target model (and учитель–ученик, which schools also run).
// The ids are also the option ids of the mentor intake's "forms" question, so matching compares them.
import { z } from 'zod';

export const mentorshipForms = [
  'student_student', // ученик–ученик
  'teacher_teacher', // учитель–учитель
  'teacher_student', // учитель–ученик
  'university_student', // студент–ученик
  'employer_student', // работодатель–ученик
  'employer_university', // работодатель–студент
  'organisation_organisation', // организация–организация
] as const;

export const mentorshipFormSchema = z.enum(mentorshipForms);
export type MentorshipForm = z.infer<typeof mentorshipFormSchema>;

/** The form an operator typed (either 'teacher_student' or 'teacher-student'); undefined for anything else. */
export function parseMentorshipForm(input: string): MentorshipForm | undefined {
  const parsed = mentorshipFormSchema.safeParse(input.trim().toLowerCase().replaceAll('-', '_'));
  return parsed.success ? parsed.data : undefined;
}
