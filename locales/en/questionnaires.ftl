# Texts of the questionnaires in flows/questionnaires/*.json: titles (qn-), questions (q-), answer options (opt-).
# A "…-label" key is the question's short caption in the answer summary and on its "change" button (at most 36 characters).
# Options with the same id in the mentee and mentor questionnaires share one key: matching compares them.

## Shared answer options

opt-topic-studies = Studies and exam preparation
opt-topic-olympiads = Olympiads and competitions
opt-topic-projects = Projects and research
opt-topic-career = Choosing a career
opt-topic-adaptation = Fitting in with the group
opt-topic-communication = Communication and confidence
opt-topic-creativity = Creative activities
opt-topic-sport = Sport
opt-topic-digital = Digital skills
opt-topic-teaching = For teachers: methods, lessons
opt-topic-classroom = For teachers: managing a class

opt-time-weekday-afternoon = Weekdays, after lessons
opt-time-weekday-evening = Weekday evenings
opt-time-weekend = Weekends

opt-format-online = Online
opt-format-in-person = In person
opt-format-any = Either is fine

opt-role-student = School student
opt-role-college-student = College student
opt-role-teacher = Teacher
opt-role-graduate = School graduate
opt-role-employer = Specialist from a company
opt-role-university-student = University or college student
opt-role-parent = Parent of a student

opt-form-student-student = Student – student
opt-form-teacher-teacher = Teacher – teacher
opt-form-teacher-student = Teacher – student
opt-form-university-student = University student – student
opt-form-employer-student = Employer – student
opt-form-employer-university = Employer – university student

## Mentee intake questionnaire

qn-mentee-intake = Getting to know you: mentee

q-mentee-intake-full-name = Let's get acquainted! What is your name? Please write your first and last name.
q-mentee-intake-full-name-label = Name
q-mentee-intake-role-group = Are you at school, at college, or do you work as a teacher?
q-mentee-intake-role-group-label = Who you are
q-mentee-intake-grade = What class or year are you in? For example: 7B, or 2nd year, Programming.
q-mentee-intake-grade-label = Class or year
q-mentee-intake-position = What is your position and what do you teach? For example: maths teacher, years 5–7, first year at school.
q-mentee-intake-position-label = Position
q-mentee-intake-requests = What would you like a mentor to help you with? Choose everything that fits.
q-mentee-intake-requests-label = Help wanted with
q-mentee-intake-interests = What are you into? Favourite subjects, clubs, hobbies: a few words are enough.
q-mentee-intake-interests-label = Interests
q-mentee-intake-difficulties = What is hardest for you right now? If you would rather not say, press "Skip".
q-mentee-intake-difficulties-label = Difficulties
q-mentee-intake-goals = What would you like to achieve with your mentor? For example: catch up in maths, prepare a project for a conference, choose a profession.
q-mentee-intake-goals-label = Goals
q-mentee-intake-format = How would you prefer to meet your mentor?
q-mentee-intake-format-label = Meeting format
q-mentee-intake-free-time = When do you usually have time for meetings?
q-mentee-intake-free-time-label = Free time

## Mentor intake questionnaire

qn-mentor-intake = Getting to know you: mentor

q-mentor-intake-full-name = Thank you for being ready to mentor! What is your name? Please write your full name.
q-mentor-intake-full-name-label = Full name
q-mentor-intake-role-group = In what capacity are you joining the programme?
q-mentor-intake-role-group-label = Who you are
q-mentor-intake-organisation = Where do you work or study, and in what role? For example: School No. 5, physics teacher; or Progress plant, design engineer.
q-mentor-intake-organisation-label = Place of work or study
q-mentor-intake-competences = What can you help a mentee with? Choose everything that fits.
q-mentor-intake-competences-label = Can help with
q-mentor-intake-experience = Tell us about your experience: how many years in your profession or studies, whether you have mentored before, led clubs, projects or olympiad teams.
q-mentor-intake-experience-label = Experience
q-mentor-intake-capacity = How many mentees are you ready to work with at the same time?
q-mentor-intake-capacity-label = Number of mentees
q-mentor-intake-free-time = When do you usually have time for meetings?
q-mentor-intake-free-time-label = Free time
q-mentor-intake-forms = Which forms of mentorship are you ready to take part in?
q-mentor-intake-forms-label = Forms of mentorship
q-mentor-intake-format = How would you prefer to meet your mentees?
q-mentor-intake-format-label = Meeting format

## Mentee satisfaction questionnaire (at the end of the programme)

qn-mentee-satisfaction = Programme results: mentee

q-mentee-satisfaction-comfort = The programme is coming to an end; tell us how it went. How comfortable was it to talk to your mentor? 1 means not at all, 10 means very comfortable.
q-mentee-satisfaction-comfort-label = Comfort of communication
q-mentee-satisfaction-usefulness = How useful were the meetings with your mentor for you? 1 means useless, 10 means very useful.
q-mentee-satisfaction-usefulness-label = Usefulness of meetings
q-mentee-satisfaction-support = How much did you feel your mentor's support? 1 means not at all, 10 means all the time.
q-mentee-satisfaction-support-label = Mentor's support
q-mentee-satisfaction-expectations = How well did the programme meet your expectations? 1 means not at all, 10 means completely.
q-mentee-satisfaction-expectations-label = Expectations
q-mentee-satisfaction-most-valuable = What was the most valuable part of working with your mentor?
q-mentee-satisfaction-most-valuable-label = Most valuable
q-mentee-satisfaction-missing = What was missing? What should change next time?
q-mentee-satisfaction-missing-label = What was missing
q-mentee-satisfaction-continue = Would you like to keep working with your mentor?
q-mentee-satisfaction-continue-label = Continue with the mentor
q-mentee-satisfaction-become-mentor = Would you like to become a mentor yourself one day?
q-mentee-satisfaction-become-mentor-label = Become a mentor

## Mentor satisfaction questionnaire (at the end of the programme)

qn-mentor-satisfaction = Programme results: mentor

q-mentor-satisfaction-comfort = The programme is coming to an end; please share how it went. How comfortable was it to talk to your mentees? 1 means not at all, 10 means very comfortable.
q-mentor-satisfaction-comfort-label = Comfort of communication
q-mentor-satisfaction-usefulness = How useful, in your view, were the meetings for your mentees? 1 means useless, 10 means very useful.
q-mentor-satisfaction-usefulness-label = Usefulness of meetings
q-mentor-satisfaction-support = How much did you feel the support of the programme's curator? 1 means not at all, 10 means all the time.
q-mentor-satisfaction-support-label = Curator's support
q-mentor-satisfaction-expectations = How well did the programme meet your expectations? 1 means not at all, 10 means completely.
q-mentor-satisfaction-expectations-label = Expectations
q-mentor-satisfaction-meeting-organisation = How well were the meetings organised: time, place, communication? 1 means very badly, 10 means excellently.
q-mentor-satisfaction-meeting-organisation-label = Organisation of meetings
q-mentor-satisfaction-tasks-clarity = How clear were the programme's tasks and your role in it? 1 means not clear at all, 10 means completely clear.
q-mentor-satisfaction-tasks-clarity-label = Clarity of tasks
q-mentor-satisfaction-most-valuable = What was the most valuable part for you as a mentor?
q-mentor-satisfaction-most-valuable-label = Most valuable
q-mentor-satisfaction-missing = What was missing: materials, time, support? What should change next time?
q-mentor-satisfaction-missing-label = What was missing
q-mentor-satisfaction-continue = Are you ready to be a mentor in the programme's next cycle?
q-mentor-satisfaction-continue-label = Mentor in the next cycle
q-mentor-satisfaction-recommend = Would you recommend colleagues or friends to become mentors?
q-mentor-satisfaction-recommend-label = Recommends mentoring
