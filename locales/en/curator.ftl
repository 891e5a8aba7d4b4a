# Curator console: programme, invites, mentee and mentor bases, mentor readiness.

curator-only = This command is for the programme's curators only.
help-curator =
    Curator commands:
    /programme — the programme card and participant counts
    /invite mentee|mentor|curator [days] [places] — a new invite link (30 days and unlimited places by default)
    /invites — active invites, with revoking
    /mentees — the mentee base
    /mentors — the mentor base: questionnaires and the marks "interviewed", "trained", "ready"
    /match — matching suggestions with scores and reasons; accept all or one by one
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
