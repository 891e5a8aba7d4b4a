# Completing the programme (stage 7), monitoring and the curator's reports: reflection, satisfaction
# before and after, the curator's SWOT, mentor nominations, /report, /export, /order, /chart.

help-reports =
    Results and reports:
    /report — programme summary: participants, pairs, meetings, ratings, satisfaction before and after, students involved (target 70 %)
    /export — Excel workbook: participants, answers, pairs, meetings, check-ins, reflection
    /order — the order on mentoring pairs and groups (Word)
    /chart — chart of meetings per week and satisfaction before and after
    /complete — complete one pair at the end of its term
    /finish — finish the programme: participants get the reflection and the satisfaction questionnaire
    /swot — the curator's questionnaire: the programme's strengths and weaknesses
    /award — nominate a mentor for an award

## Common words of reports and documents
report-anonymous = (participant withdrew consent)
report-yes = yes
report-no = no
report-role = { $role ->
        [mentee] mentee
        [mentor] mentor
       *[curator] curator
    }
report-status = { $status ->
        [joined] joined
        [consented] consented
        [questionnaire_done] questionnaire done
       *[withdrawn] withdrew consent
    }
report-readiness = { $readiness ->
        [interviewed] interviewed
        [trained] trained
       *[ready] ready
    }
report-pair-status = { $status ->
        [proposed] proposed
        [active] active
        [declined] declined
        [completed] completed
       *[ended_early] ended early
    }
report-meeting-format = { $format ->
        [online] online
       *[in_person] in person
    }
report-meeting-status = { $status ->
        [proposed] proposed
        [scheduled] scheduled
        [held] held
        [missed] missed
       *[cancelled] cancelled
    }
report-form = { $form ->
        [student_student] student – student
        [teacher_teacher] teacher – teacher
        [teacher_student] teacher – student
        [university_student] university student – student
        [employer_student] employer – student
        [employer_university] employer – college student
        [organisation_organisation] organisation – organisation
       *[none] form not given
    }
report-item = { $item ->
        [comfort] Comfort of communication
        [usefulness] Usefulness of meetings
        [support] Support
        [expectations] Expectations
        [meeting_organisation] Organisation of meetings
       *[tasks_clarity] Clarity of tasks
    }

## /report
report-title = 📊 Programme “{ $programme }” ({ $organisation })
report-participants = Participants: { $mentees } mentees ({ $menteesDone } finished the questionnaire), { $mentors } mentors ({ $mentorsDone } finished the questionnaire).
report-withdrawn = Of them withdrew consent: { $count } — counted only in numbers, without names or answers.
report-by-form-title = By form of mentorship (members of formed pairs):
report-by-form-line = • { $form }: { $mentees } mentees, { $mentors } mentors
report-pairs = Pairs and groups formed: { $formed } (active { $active }, completed { $completed }, ended early { $endedEarly }); awaiting confirmation: { $proposed }.
report-unpaired = Mentees without a pair: { $count }.
report-meetings = Meetings: { $planned } planned, { $held } held, { $missed } missed.
report-rating = Average meeting rating: { $average } of 5 ({ $count } { $count ->
        [one] check-in
       *[other] check-ins
    }).
report-rating-none = No meeting ratings yet.
report-satisfaction-title = Satisfaction of { $role ->
        [mentee] mentees
       *[mentor] mentors
    }, 1–10 (before → after):
report-satisfaction-line = • { $item }: { $before } → { $after } ({ $change }; { $beforeCount } and { $afterCount } answers)
report-reflections = Reflection done: { $mentees } mentees, { $mentors } mentors.
report-nominations = Mentor award nominations: { $count }.
report-involvement = Students involved: { $involved } of { $total } — { $share } % (target { $target } %{ $reached ->
        [yes] , reached ✅
       *[no] , not reached yet
    }).
report-involvement-unknown = Students involved: { $involved }. The share of the 70 % target cannot be shown: the organisation's number of students is not set (operator: org:create --students).
report-files-hint = Files: /export — Excel, /order — the order, /chart — the chart.
report-preparing = ⏳ Preparing the { $what ->
        [export] workbook
        [order] order
       *[chart] chart
    }…
report-export-ready = Programme workbook: { $participants } participants, { $pairs } pairs, { $meetings } meetings. The file holds personal data — keep it within the organisation.
report-order-ready = Draft order on mentoring pairs and groups: { $pairs } { $pairs ->
        [one] pair or group
       *[other] pairs or groups
    }. Check the dates and fill in the order's number and date.
report-order-no-pairs = No confirmed pairs yet: the order lists pairs every member has confirmed.
report-chart-ready = Chart: meetings per week ({ $weeks } weeks) and satisfaction before and after.

## The picture
chart-title = Programme “{ $programme }”
chart-meetings-title = Meetings per week
chart-no-meetings = No meetings yet.
chart-held = held
chart-missed = missed
chart-planned = planned
chart-satisfaction-title = Satisfaction (1–10): before and after
chart-no-satisfaction = No satisfaction answers yet.
chart-before = at the start
chart-after = at the end
chart-item = { $item } · { $role ->
        [mentee] mentees
       *[mentor] mentors
    }

## Excel
xlsx-sheet-participants = Participants
xlsx-sheet-answers = Answers
xlsx-sheet-pairs = Pairs
xlsx-sheet-meetings = Meetings
xlsx-sheet-checkins = Meeting check-ins
xlsx-sheet-reflections = Reflection
xlsx-sheet-nominations = Awards
xlsx-col-name = Full name
xlsx-col-role = Role
xlsx-col-status = Status
xlsx-col-readiness = Mentor readiness
xlsx-col-joined = Joined
xlsx-col-questionnaire = Questionnaire
xlsx-col-version = Version
xlsx-col-question = Question
xlsx-col-answer = Answer
xlsx-col-response-status = Submitted
xlsx-response-submitted = yes
xlsx-response-in-progress = no, in progress
xlsx-col-answered = Answered
xlsx-col-pair = Pair
xlsx-col-form = Form of mentorship
xlsx-col-pair-status = State
xlsx-col-mentors = Mentor(s)
xlsx-col-mentees = Mentees
xlsx-col-created = Proposed
xlsx-col-activated = Active since
xlsx-col-ended = Ended
xlsx-col-end-reason = Why it ended
xlsx-col-starts = Date and time
xlsx-col-format = Format
xlsx-col-topic = Topic
xlsx-col-meeting-status = Meeting state
xlsx-col-meeting = Meeting
xlsx-col-happened = Held
xlsx-col-rating = Rating (1–5)
xlsx-col-summary = Outcome
xlsx-col-next-step = Next step
xlsx-col-reflection = { $question ->
        [goals_met] Goals met
        [achieved] Achieved
        [helped] What helped
       *[hindered] What hindered
    }
xlsx-col-satisfaction-before = { $item }: at the start
xlsx-col-satisfaction-after = { $item }: at the end
xlsx-col-most-valuable = Most valuable
xlsx-col-missing = What was missing
xlsx-col-continue = Continue
xlsx-col-become-mentor = Become a mentor
xlsx-col-mentor = Mentor
xlsx-col-by-mentees = Nominated by mentees
xlsx-col-by-curator = Nominated by the curator

## The order (after the sample in the regional recommendations)
order-title = O R D E R
order-number-line = “__” ____________ 20__                                        No. _______
order-subject = On assigning mentoring pairs and groups
order-preamble = In accordance with the Regulations on the mentoring programme of { $organisation }, to organise mentoring in the programme “{ $programme }”,
order-decree = I hereby order:
order-date = { $day } { $month ->
        [1] January
        [2] February
        [3] March
        [4] April
        [5] May
        [6] June
        [7] July
        [8] August
        [9] September
        [10] October
        [11] November
       *[12] December
    } { $year }
order-date-blank = “__” ____________ 20__
order-item = { $n }. To assign from { $from } to { $to } the mentoring { $group ->
        [yes] group
       *[no] pair
    }:
order-member = { $n } { $name }{ $detail } ({ $role ->
        [mentor] mentor
       *[mentee] mentee
    }){ $end ->
        [last] .
       *[more] ;
    }
order-consent = { $name } ({ $date })
order-basis = Basis: the members' consent, confirmed in the programme's chat bot: { $consents }.
order-control = { $n }. Control over the execution of this order is assigned to the programme's curator { $controller }________________.
order-signature = Head                                        ________________ / ________________

## Completion: programme, pair, reflection
reports-finish-confirm =
    Finish the programme “{ $programme }”?
    Active pairs: { $pairs }. They will be completed, and mentors and mentees will get the reflection (what was achieved against the goals, what helped, what did not) and the satisfaction questionnaire. Unconfirmed pair proposals will be closed.
reports-finish-yes = Yes, finish the programme
reports-finish-no = No, not now
reports-finish-kept = All right, nothing changed.
reports-finish-reason = the programme finished
reports-finished = The programme is finished: { $pairs } pairs completed, { $people } people got the reflection{ $proposals ->
        [0] {""}
       *[other] , unconfirmed proposals closed: { $proposals }
    }. Now your part: a questionnaire on the programme's strengths and weaknesses.
reports-complete-none = There are no active pairs.
reports-complete-choose = Active pairs: { $count }. Choose a pair whose term has ended (the first { $shown } are shown):
reports-complete-pair-button = { $mentors } — { $mentees }
reports-complete-confirm = Complete the pair { $mentors } — { $mentees }? The members will get the reflection and the satisfaction questionnaire.
reports-complete-yes = Yes, complete the pair
reports-complete-reason = the pair's term ended
reports-pair-not-active = This pair is no longer active: it cannot be completed.
reports-pair-completed = The pair is completed. { $people } people got the reflection.
reports-reflection-request = The programme “{ $programme }” is coming to an end. Let's sum up: { $role ->
        [mentee] what you achieved with your mentor
       *[mentor] what your mentee achieved with you
    }, what helped and what did not. Then a few satisfaction questions (1–10). It takes 5 minutes.
reports-reflection-goals =
    The goals you set:
    { $goals }
reports-reflection-no-goals = Think back to the goals you set at the start.
reports-reflection-button = ✍️ Sum up
reports-term-end-reason = the programme's term ended
reports-term-ended =
    The term of the programme “{ $programme }” ended on { $endsOn }: the programme has been finished automatically. { $pairs } pairs completed, { $people } people got the reflection{ $proposals ->
        [0] {""}
       *[other] , unconfirmed proposals closed: { $proposals }
    }.
    Your part of the results is a questionnaire on the programme's strengths and weaknesses: /swot. Summary: /report, workbook: /export.
reports-reflection-done = Thank you, you have answered all the final questions.
reports-button-stale = This button is no longer active.
reports-swot-done = The curator's questionnaire has already been sent. Thank you!

## "Before": the same questions at the start, so the change can be shown
reports-before-button = 📈 4–6 more questions on expectations

## Mentor nominations
reports-nominate-offer = { $count ->
        [one] Would you like to nominate your mentor for an award for this programme?
       *[other] Would you like to nominate one of your mentors for an award for this programme?
    }
reports-nominate-button = 🏅 { $name }
reports-nominate-skip = No, thanks
reports-nominate-skipped = All right. Thank you for your answers!
reports-nominated = Thank you! The nomination goes to the curator.
reports-nominated-already = You have already nominated this mentor.
reports-award-choose = Which mentor would you like to nominate for an award?
reports-award-none = There are no mentors in formed pairs yet.

## Consent withdrawn: to the curator
reports-withdrawn-curator = A participant of “{ $programme }” ({ $role ->
        [mentee] mentee
       *[mentor] mentor
    }) withdrew consent to personal data processing. Their name and answers are deleted; reports count them only in numbers.{ $pairs ->
        [0] {""}
       *[other] { " " }Pairs ended early: { $pairs }{ $partners ->
            [none] .
           *[other] { " " }(the other side: { $partners }).
        }
    }
reports-withdrawn-reason = the participant withdrew consent

## Questionnaires: at the start (expectations), reflection, the curator's SWOT
qn-mentee-satisfaction-start = Your expectations of the programme
q-mentee-satisfaction-start-comfort = Before we start — a few ratings from 1 to 10. At the end of the programme I will ask the same, and we will see what changed. How comfortable do you think talking to your mentor will be? 1 — not at all, 10 — very comfortable.
q-mentee-satisfaction-start-comfort-label = Comfort of communication
q-mentee-satisfaction-start-usefulness = How useful do you think the meetings with your mentor will be? 1 — useless, 10 — very useful.
q-mentee-satisfaction-start-usefulness-label = Usefulness of meetings
q-mentee-satisfaction-start-support = How much do you feel now that someone supports you in your studies and plans? 1 — not at all, 10 — always.
q-mentee-satisfaction-start-support-label = Support
q-mentee-satisfaction-start-expectations = How sure are you that the programme will help with what you wrote in the questionnaire? 1 — not at all, 10 — completely.
q-mentee-satisfaction-start-expectations-label = Expectations
qn-mentor-satisfaction-start = Your expectations of the programme
q-mentor-satisfaction-start-comfort = Before we start — a few ratings from 1 to 10. At the end of the programme I will ask the same, and we will see what changed. How comfortable do you think working with your mentees will be? 1 — not at all, 10 — very comfortable.
q-mentor-satisfaction-start-comfort-label = Comfort of communication
q-mentor-satisfaction-start-usefulness = How useful do you think the meetings will be for your mentees? 1 — useless, 10 — very useful.
q-mentor-satisfaction-start-usefulness-label = Usefulness of meetings
q-mentor-satisfaction-start-support = How much do you feel the support of the programme's curator? 1 — not at all, 10 — completely.
q-mentor-satisfaction-start-support-label = Curator's support
q-mentor-satisfaction-start-expectations = How sure are you that the programme will give you what you expect? 1 — not at all, 10 — completely.
q-mentor-satisfaction-start-expectations-label = Expectations
q-mentor-satisfaction-start-meeting-organisation = How clear is it how meetings will be organised: time, place, contact? 1 — not at all, 10 — completely clear.
q-mentor-satisfaction-start-meeting-organisation-label = Organisation of meetings
q-mentor-satisfaction-start-tasks-clarity = How clear are the programme's tasks and your role in it? 1 — not at all, 10 — completely clear.
q-mentor-satisfaction-start-tasks-clarity-label = Clarity of tasks

qn-mentee-reflection = Results: the mentee's reflection
q-mentee-reflection-goals-met = How far did you reach the goals you set with your mentor?
q-mentee-reflection-goals-met-label = Goals met
q-mentee-reflection-achieved = What did you achieve during the programme? In your own words: what worked, what you learned.
q-mentee-reflection-achieved-label = Achieved
q-mentee-reflection-helped = What helped you most towards your goals?
q-mentee-reflection-helped-label = What helped
q-mentee-reflection-hindered = What did not help or got in the way?
q-mentee-reflection-hindered-label = What hindered
qn-mentor-reflection = Results: the mentor's reflection
q-mentor-reflection-goals-met = How far did your mentee reach the goals you set together?
q-mentor-reflection-goals-met-label = Goals met
q-mentor-reflection-achieved = What did your mentee achieve, and what did you achieve yourself, during the programme?
q-mentor-reflection-achieved-label = Achieved
q-mentor-reflection-helped = What helped in the work: techniques, materials, support?
q-mentor-reflection-helped-label = What helped
q-mentor-reflection-hindered = What did not help or got in the way?
q-mentor-reflection-hindered-label = What hindered
opt-goals-fully = Fully
opt-goals-mostly = Mostly
opt-goals-partly = Partly
opt-goals-not-met = Not met

qn-curator-swot = Curator's questionnaire: SWOT of the programme
q-curator-swot-strengths = The programme's strengths: what worked best?
q-curator-swot-strengths-label = Strengths
q-curator-swot-weaknesses = Weaknesses: what did not work, or worked worse than expected?
q-curator-swot-weaknesses-label = Weaknesses
q-curator-swot-opportunities = Opportunities: what could strengthen the programme in the next cycle (partners, resources, new forms)?
q-curator-swot-opportunities-label = Opportunities
q-curator-swot-threats = Threats: what could get in the way of the programme in the next cycle?
q-curator-swot-threats-label = Threats
q-curator-swot-overall = Overall, how far did the programme reach its goals? 1 — not at all, 10 — completely.
q-curator-swot-overall-label = Overall rating
