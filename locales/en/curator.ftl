# Curator console: programme, invites, mentee and mentor bases, mentor readiness.

curator-only = This command is for the programme's curators only.
help-curator =
    Curator commands:
    /programme — the programme card: participants, forms of mentorship, dates, stage; settings by buttons
    /invite mentee|mentor|curator [days] [places] — a new invite link (30 days and unlimited places by default)
    /invites — active invites, with revoking
    /mentees — the mentee base with filters: joined, questionnaire done, paired, unpaired
    /mentors — the mentor base (the same filters and "ready"): questionnaires and the marks "interviewed", "trained", "ready"
    /match — matching suggestions with scores and reasons (preferences included); accept all or one by one
    /pairs — pairs and groups by state: a card with the history, add a member to a group, end a pair
    /round — preference round: participants name up to three preferred partners
curator-programme =
    Programme "{ $programme }" ({ $organisation })
    Mentees: { $mentees }, questionnaire done: { $menteesDone }
    Mentors: { $mentors }, questionnaire done: { $mentorsDone }
curator-button-mentees = Mentees
curator-button-mentors = Mentors
curator-button-back = ⬅️ Back to the list
curator-invite-usage = Write it like this: /invite mentee 30 50 — the role (mentee, mentor or curator), days valid (up to 365) and places (optional).
curator-invite-created =
    Invite for the role "{ $role }": code { $code }
    Valid for { $days } { $days ->
        [one] day
       *[other] days
    }{ $uses ->
        [0] {""}
       *[other] , places: { $uses }
    }.
    Links: { $links }
curator-invites-title = Active invites:
curator-invites-none = No active invites. Create one: /invite mentee
curator-invite-line = { $code } — { $role }, used { $uses }{ $max ->
        [0] {""}
       *[other] of { $max }
    }
curator-button-revoke = Revoke { $code }
curator-invite-revoked = Invite { $code } revoked.
curator-base-empty = No { $role ->
        [mentee] mentees
       *[mentor] mentors
    } yet. Send them an invite link: /invite { $role }
curator-base-title = { $role ->
        [mentee] Mentees
       *[mentor] Mentors
    }: { $total } (page { $page } of { $pages }). Press a person to open their questionnaire.
curator-no-name = (no name given)
curator-card-title = { $name } — { $role }
curator-card-status = Status: { $status }
curator-card-readiness = Mentor readiness: { $readiness }
curator-readiness-saved = Mark saved.
curator-readiness-not-mentor = Readiness marks are for mentors only.

status-joined = joined
status-consented = filling in the questionnaire
status-questionnaire_done = questionnaire done
status-withdrawn = withdrew consent
readiness-interviewed = interviewed
readiness-trained = trained
readiness-ready = ready

# The programme card and its settings.
programme-ready-unpaired = Ready mentors: { $ready }. Mentees without a pair: { $unpaired }
programme-stage-line = Stage: { $stage } of 7 — { $name }
programme-stage = { $stage ->
        [1] Preparing to launch the programme
        [2] Building the mentee base
        [3] Building the mentor base
        [4] Selecting and training mentors
        [5] Forming mentoring pairs and groups
        [6] Running the pairs and groups
       *[7] Completing the mentorship
    }
programme-dates-line = Dates: { $starts } – { $ends }
programme-dates-none = Dates: not set
programme-forms-line = Forms of mentorship: { $forms }
programme-forms-none = Forms of mentorship: none chosen
programme-form = { $form ->
        [student_student] student – student
        [teacher_teacher] teacher – teacher
        [teacher_student] teacher – student
        [university_student] university student – student
        [employer_student] employer – student
        [employer_university] employer – university student
       *[organisation_organisation] organisation – organisation
    }
programme-pairs-line = Pairs and groups: { $proposed } proposed, { $active } working, { $completed } completed, { $ended } declined or ended
programme-self-matching-on = Mentees choosing their mentor: on
programme-self-matching-off = Mentees choosing their mentor: off
programme-round-open = Preference round open since { $since }
programme-round-none = No preference round open
programme-button-pairs = 🤝 Pairs and groups
programme-button-round = ⭐ Preference round
programme-button-forms = Forms
programme-button-stage = Stage
programme-button-dates = Dates
programme-button-self-matching-on = Let mentees choose themselves
programme-button-self-matching-off = Turn self-matching off
programme-button-back = ⬅️ Back to the programme
programme-forms-title = The programme's forms of mentorship. Press a form to switch it on or off.
programme-form-on = Form "{ $form }" is on.
programme-form-off = Form "{ $form }" is off.
programme-stage-title = The programme's current stage (the seven stages of the target model). Choose one:
programme-stage-saved = Stage { $stage } — { $name }.
programme-dates-prompt = Write the programme's start and end dates, for example: 01.09.2026 – 31.05.2027. To cancel: /cancel.
programme-dates-error-format = I do not see two dates. I need a start date and an end date as DD.MM.YYYY.
programme-dates-error-invalid = That date does not exist in the calendar. Check the day and the month.
programme-dates-error-order = The programme cannot end before it starts.
programme-dates-error-range = The year must be between 2000 and 2100.
programme-dates-saved = Dates saved: { $starts } – { $ends }.
programme-self-matching-told = Mentees without a pair told they may choose their mentor themselves: { $count }.

# Bases with filters.
curator-filter = { $filter ->
        [joined] joined
        [done] questionnaire done
        [ready] ready
        [paired] paired
        [unpaired] unpaired
       *[all] all
    }
curator-base-filtered = Shown: { $filter }.
curator-base-empty-filter = No { $role ->
        [mentee] mentees
       *[mentor] mentors
    } in the list "{ $filter }".
curator-card-pair-button = Pair no. { $id }: { $status ->
        [proposed] proposed
        [active] working
        [declined] declined
        [completed] completed
       *[ended_early] ended early
    }
