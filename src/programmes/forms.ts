// The forms of mentorship of the target model (and учитель–ученик, which schools also run).
// Questionnaire option ids cannot hold '-', so the mentor intake's "forms" options use '_' instead.
import { z } from 'zod';

export const mentorshipForms = [
  'student-student', // ученик–ученик
  'teacher-teacher', // учитель–учитель
  'teacher-student', // учитель–ученик
  'university-student', // студент–ученик
  'employer-student', // работодатель–ученик
  'employer-university', // работодатель–студент
  'organisation-organisation', // организация–организация
] as const;

export const mentorshipFormSchema = z.enum(mentorshipForms);
export type MentorshipForm = z.infer<typeof mentorshipFormSchema>;

/** The option id of a form in the mentor intake questionnaire, e.g. 'teacher_student'. */
export function questionnaireOptionOfForm(form: MentorshipForm): string {
  return form.replaceAll('-', '_');
}

/** The form an intake option id or an operator's spelling stands for; undefined for anything else. */
export function parseMentorshipForm(input: string): MentorshipForm | undefined {
  const parsed = mentorshipFormSchema.safeParse(input.trim().toLowerCase().replaceAll('_', '-'));
  return parsed.success ? parsed.data : undefined;
}
