// The forms of mentorship of the target model (and учитель–ученик, which schools also run).
// The ids are the option ids of the mentor questionnaire's "forms" question.
import { z } from 'zod';

export const mentorshipForms = [
  'student_student',
  'teacher_teacher',
  'teacher_student',
  'university_student',
  'employer_student',
  'employer_university',
  'organisation_organisation',
] as const;

export const mentorshipFormSchema = z.enum(mentorshipForms);
export type MentorshipForm = z.infer<typeof mentorshipFormSchema>;
