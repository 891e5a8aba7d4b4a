# Pair work (stage 6): goals and plan, meetings with reminders, check-ins after meetings, fit,
# pulse, alerts to the curator, a message to everyone.

# The language of these texts: dates inside messages are written in it.
meetings-locale = en

help-meetings =
    Working as a pair:
    /plan — the pair's goals and plan, mark a task done
    /meeting — propose a meeting: one time, 2–3 options or every week
    /meetings — your meetings: move, cancel, stop the weekly ones
help-meetings-curator =
    Pairs' meetings:
    /pairwork — the programme's pairs: meetings held, missed and ahead, check-in answers
    /broadcast — a message to all mentors or to everyone in a pair

pairwork-no-pair = You have no pair yet. Once the curator forms one and everyone confirms, the plan and meetings will be here.
pairwork-choose-pair = Choose the pair:
pairwork-start-mentor = Your pair has started! Propose a time for the first meeting, and draw up the plan together with your mentee: goals, tasks, dates and expected results.
pairwork-start-mentee = Your pair has started! Your mentor ({ $names }) will propose a time for the first meeting — I will send it to you. You can view and add to the pair's plan at any time.

## The pair's plan

plan-title = 📋 Pair plan: { $names }
plan-empty = The plan is empty so far. Start with a goal — what do you want to achieve together? Then add tasks: what to do, by when, and what result is expected.
plan-goal = 🎯 Goal { $n }. { $text }
plan-no-goal = Tasks without a goal:
plan-task = { $done ->
        [yes] ✅
       *[no] ▫️
    } { $n }. { $title }{ $hasDue ->
        [yes] , by { $due }
       *[no] {""}
    }
plan-task-result = Expected result: { $result }
plan-progress = Done: { $done } of { $total }.
plan-button-goal = 🎯 Add a goal
plan-button-task = ➕ Task
plan-button-done = ✅ { $n }
plan-button-show = 📋 Pair plan
plan-ask-goal = Write the pair's goal — what you want to achieve (up to { $max } characters). For example: "Prepare for the regional maths olympiad".
plan-ask-task-goal = Which goal is the task for?
plan-goal-button = { $n }. { $text }
plan-goal-none = No goal
plan-ask-task = What needs to be done? Write the task (up to { $max } characters). For example: "Go through last year's olympiad problems".
plan-ask-due = By when? Choose a button or type a date (for example, 25.04.2026).
plan-due-week = In a week
plan-due-two-weeks = In 2 weeks
plan-due-month = In a month
plan-due-none = No deadline
plan-ask-result = What result is expected? Write it briefly (up to { $max } characters) or press "Skip".
plan-result-skip = Skip
plan-goal-added = The goal is added to the plan.
plan-task-added = The task is added to the plan.
plan-goal-added-other = { $name } added a goal to the pair's plan: "{ $text }".
plan-task-added-other = { $name } added to the pair's plan: "{ $title }".
plan-task-done-other = { $name } marked as done: "{ $title }".
plan-task-marked = Marked as done ✅
plan-task-already-done = This task is already marked as done.

## Meetings

meeting-ask-mode = How shall we arrange the meeting?
meeting-mode-single = 📅 One meeting
meeting-mode-slots = 🕑 2–3 options to choose from
meeting-mode-weekly = 🔁 Every week
meeting-ask-day = Choose the day of the meeting or type a date (for example, 25.03):
meeting-ask-slot-day = Option { $n } of { $max }: choose a day or type a date (for example, 25.03):
meeting-ask-move-day = Which day should the meeting move to? Choose or type a date (for example, 25.03):
meeting-today = Today
meeting-tomorrow = Tomorrow
meeting-ask-weekday = Which day of the week?
meeting-ask-time = At what time? Choose one or type your own (for example, 15:30). Times are in your organisation's time zone.
meeting-slot-added = Option { $n }: { $when }.
meeting-ask-more = Add another option?
meeting-button-more = ➕ Another option
meeting-button-enough = That's enough, next
meeting-ask-format = How will you meet?
meeting-format-online = 💻 Online
meeting-format-in-person = 🏫 In person
meeting-ask-topic = What is the meeting about? Write the topic (up to { $max } characters) or press "No topic".
meeting-button-no-topic = No topic
meeting-details = 📅 { $when }, { $format ->
        [online] online
       *[in_person] in person
    }
meeting-topic-line = Topic: { $topic }
meeting-with = With: you and { $names }
meeting-proposed = Proposal sent. I will tell you when { $names } answers:
meeting-proposed-slots = Options sent — { $names } will pick one:
meeting-proposal = { $name } proposes a meeting:
meeting-proposal-moved = { $name } proposes to move the meeting to another time:
meeting-proposal-slots = { $name } proposes to meet ({ $format ->
        [online] online
       *[in_person] in person
    }). Choose a time that suits you:
meeting-proposal-waiting = { $name } is waiting for your answer.
meeting-button-accept = ✅ Suits me
meeting-button-other-time = 🕑 Another time
meeting-button-none-fits = 🕑 None of these
meeting-scheduled = Agreed! The meeting is set, { $names } will be told. I will remind you beforehand:
meeting-accepted-other = { $name } accepted. The meeting is set, I will remind you beforehand:
meeting-toast-accepted = Meeting set
meeting-other-time-proposer = { $name } asks for another time instead of { $when }. Propose a new one:
meeting-other-time-member = { $name } asked for another time for the meeting.
meeting-ask-counter = Write when suits you — I will pass it on (up to { $max } characters). Or press "Skip".
meeting-button-skip = Skip
meeting-other-time-sent = All right, I asked for another time.
meeting-counter-note = { $name } writes when suits them: "{ $note }"
meeting-counter-sent = Passed on. I will send the new proposal as soon as it comes.
meeting-move-sent = The new time is sent — { $names } will accept it or ask for another. There are no reminders until then:
meeting-reminder-hours = ⏰ Reminder: the meeting is in { $hours } { $hours ->
        [one] hour
       *[other] hours
    }.
meeting-reminder-minutes = ⏰ Reminder: the meeting is in { $minutes } min.
meeting-button-confirm = ✅ I'll be there
meeting-button-move = 🕑 Reschedule
meeting-button-cancel = ✖️ Cancel
meeting-confirmed = Great, see you there!
meeting-confirmed-other = { $name } confirmed they will be at the meeting on { $when }.
meeting-ask-cancel = Cancel the meeting on { $when }?
meeting-button-cancel-yes = Yes, cancel
meeting-button-cancel-no = No, keep it
meeting-kept = The meeting stays.
meeting-cancelled = Meeting cancelled
meeting-cancelled-you = The meeting on { $when } is cancelled; there will be no reminders.
meeting-cancelled-other = { $name } cancelled the meeting on { $when }.
meeting-button-propose = 📅 Propose a meeting
meeting-card = Meeting (you and { $names }) — { $status ->
        [proposed] waiting for an answer
        [scheduled] set
        [held] held
        [missed] did not happen
       *[cancelled] cancelled
    }

meetings-list-title = 📅 Your meetings
meetings-list-upcoming = Ahead:
meetings-list-none-upcoming = No meetings ahead. Propose one with the button below.
meetings-list-weekly = Weekly meetings:
meetings-list-recent = Recent:
meetings-list-line = • { $when }, { $format ->
        [online] online
       *[in_person] in person
    } — you and { $names }: { $status ->
        [proposed] waiting for an answer
        [scheduled] set
        [held] held ✅
        [missed] did not happen
       *[other] not reported
    }

meeting-error-not-found = This meeting or pair is no longer active.
meeting-error-not-member = This button belongs to another pair — nothing has changed.
meeting-error-not-proposed = This proposal has already been answered.
meeting-error-own-proposal = This is your own proposal — the other member of the pair answers it.
meeting-error-time-passed = That time has already passed. Ask for another time or propose a new one.
meeting-error-not-scheduled = This meeting has been cancelled or is over.
meeting-error-slot = That option is not in the proposal. Choose a time with the buttons under the message.
meeting-error-date-format = I could not read the date. Write it like 25.03 or 25.03.2026 — or choose a day with a button.
meeting-error-date-past = That date has passed. Choose today or later.
meeting-error-date-far = Too far ahead: a meeting can be set at most a year ahead.
meeting-error-time-format = I could not read the time. Write it like 15:30 — or choose a button.
meeting-error-time-past = That time has already passed. Choose a later one.
meeting-error-same-slot = That option is already there. Choose another time.

## Weekly meetings

schedule-details = 🔁 Every week: { $weekday }, { $time }, { $format ->
        [online] online
       *[in_person] in person
    }
schedule-proposal = { $name } proposes to meet regularly:
schedule-proposed = The weekly meetings proposal is sent. I will tell you when { $names } answers:
schedule-accepted = Agreed! Weekly meetings start, the first is on { $first }.
schedule-accepted-other = { $name } agreed to weekly meetings, the first is on { $first }.
schedule-declined-proposer = { $name } asks for another time for the weekly meetings. Propose a new one:
schedule-button-stop = ⏹ Stop weekly meetings
schedule-stopped-you = Weekly meetings are stopped; the scheduled ones ahead are cancelled.
schedule-stopped-other = { $name } stopped the weekly meetings. The scheduled ones ahead are cancelled.

## After a meeting

checkin-question = How was the meeting on { $when } (you and { $names })? Did it take place?
checkin-question-again = A reminder about the meeting on { $when } (you and { $names }): did it take place? It takes a minute to answer.
checkin-button-yes = ✅ Yes, we met
checkin-button-no = ❌ It did not happen
checkin-ask-rating = Rate the meeting from 1 to 5, where 5 is very useful:
checkin-error-rating = Choose the rating with a button — from 1 to 5.
checkin-ask-summary = What did you get done at the meeting? Write briefly (up to { $max } characters).
checkin-ask-next = What is the next step? Write it (up to { $max } characters) or press "Skip".
checkin-thanks = Thank you, the check-in is saved!
checkin-saved = Saved
checkin-not-happened = Understood, noted: the meeting did not happen. { $role ->
        [mentor] Propose a new time:
       *[mentee] Your mentor will propose a new time — I will send it to you.
    }
checkin-error-too-early = The meeting has not started yet — you can check in after it starts.
checkin-error-done = You have already checked in on this meeting. Thank you!
checkin-error-cancelled = This meeting was cancelled — there is nothing to check in.

fit-question = The first meeting is done! How is working together going (you and { $names })?
fit-button-good = 👍 We are a good fit
fit-button-deciding = 🤔 Still deciding
fit-button-bad = 👎 Not a good fit
fit-answer = { $value ->
        [good] Great! Good luck with your work.
        [deciding] Understood. If something goes wrong, press "Not a good fit" — the curator will help.
       *[bad] Thank you for the honest answer. I told the curator — they will contact you and help find another pair.
    }
fit-curator-alert = ⚠️ { $name } ({ $role ->
        [mentor] mentor
       *[mentee] mentee
    }) thinks the pair { $pair } is not a good fit. Another pair may be needed.

pulse-question = How is the pair doing (you and { $names })? Rate the mood from 1 to 5, where 5 is great:
pulse-ask-progress = Is there progress towards the pair's goals?
pulse-progress = { $value ->
        [yes] Yes, clearly
        [some] A little
       *[no] Not yet
    }
pulse-thanks = Thank you! Only the programme's curator sees the answers.
pulse-curator-alert = ⚠️ { $name } rated the mood in the pair { $pair } at { $mood } of 5.

nudge-contact = Have you got in touch with your mentor ({ $names }) yet?
nudge-button-yes = Yes, we are in touch
nudge-button-no = Not yet
nudge-answer-yes = Great! Good luck with your work.
nudge-answer-no = Write to your mentor — their contact was in the message about your pair being formed. I have reminded them about you too.
nudge-mentor = { $name } is not in touch with you yet. Propose a first meeting — it makes starting easier:

## Curator: pairs' meetings

pairwork-none = The programme "{ $programme }" has no active pairs yet.
pairwork-title = Pairs of the programme "{ $programme }": { $count } (page { $page } of { $pages })
pairwork-line =
    { $n }. { $pair }
    ✅ { $held } · ❌ { $missed } · ❔ { $unreported } · 🗓 { $upcoming } · plan { $done }/{ $total }{ $quiet ->
        [yes] {" · "}⚠️ no meetings for long
       *[no] {""}
    }
pairwork-legend = ✅ held · ❌ did not happen · ❔ not reported · 🗓 ahead
pairwork-prev = ◀️ Back
pairwork-next = Next ▶️
pairwork-back = ◀️ To the pairs
pairwork-button-open-pair = 👀 Open the pair
pairwork-card-title = Pair: { $members }
pairwork-member = { $name } ({ $role ->
        [mentor] mentor
       *[mentee] mentee
    })
pairwork-card-since = Active since { $since } · { $total ->
        [0] the plan is empty
       *[other] plan: { $done } of { $total } done
    }
pairwork-bucket = { $bucket ->
        [upcoming] Ahead
        [held] Held
        [missed] Did not happen
       *[unreported] Not reported
    } ({ $count }):
pairwork-meeting = { $when }, { $format ->
        [online] online
       *[in_person] in person
    }{ $hasTopic ->
        [yes] {" — "}{ $topic }
       *[no] {""}
    }{ $status ->
        [proposed] {" (waiting for an answer)"}
       *[other] {""}
    }
pairwork-checkin = { $name }: rated { $rating } of 5. Done: { $summary }. Next: { $next }
pairwork-checkin-no = { $name }: the meeting did not happen
pairwork-no-meetings = No meetings held or planned yet.
pairwork-fit = Fit: { $answers }
pairwork-fit-answer = { $name } — { $value ->
        [good] a good fit
        [deciding] still deciding
       *[bad] not a good fit
    }
pairwork-pulse = Pulse: { $answers }
pairwork-pulse-answer = { $name } — mood { $mood } of 5, progress: { $progress ->
        [yes] clear
        [some] a little
        [no] not yet
       *[none] no answer
    } ({ $on })
pairwork-alert-silent = ⚠️ Pair { $pair }: no meetings for { $days } { $days ->
        [one] day
       *[other] days
    }. It is worth getting in touch with them.
pairwork-alert-stalled = ⚠️ Pair { $pair }: no progress for { $days } { $days ->
        [one] day
       *[other] days
    } — no meetings held, no check-ins, no plan tasks done.

## Curator: a message to everyone

broadcast-ask-audience = Who should get the message in the programme "{ $programme }"?
broadcast-audience-mentors = All mentors
broadcast-audience-pairs = Everyone in a pair
broadcast-ask-text = Write the message to { $audience ->
        [mentors] all mentors
       *[pairs] everyone in a pair
    } (up to { $max } characters).
broadcast-preview = Send to { $count } { $count ->
        [one] person
       *[other] people
    }? Here is the message:
broadcast-send = 📣 Send
broadcast-drop = Cancel
broadcast-dropped = All right, the message is not sent.
broadcast-header = 📣 A message from the curator of the programme "{ $programme }":
broadcast-sent = Sent to { $count } { $count ->
        [one] person
       *[other] people
    }.
