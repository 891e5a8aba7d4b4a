# Pairs and groups: proposal, confirmation, decline.

pair-member-line = { $name } — { $role ->
        [mentee] mentee
       *[mentor] mentor
    }
pair-proposal = The curator of the programme "{ $programme }" proposes { $role ->
        [mentee] a mentor
       *[mentor] a mentee
    } for you:
pair-proposal-question = Confirm that you agree to work together, or decline (you will give a reason).
pair-confirm-button = I confirm ✅
pair-decline-button = Decline
pair-confirmed-waiting = Thank you! Waiting for the other members of the pair to confirm.
pair-active = The pair is formed: everyone confirmed. Here is how to get in touch:
pair-active-curator = The pair was confirmed by everyone: { $names }.
pair-decline-reason = Please write briefly why you decline (up to { $max } characters). Only the curator will see it.
pair-declined-you = Understood, your decline was passed to the curator.
pair-declined-other = The pair did not work out: the other member declined. The curator will find a new pair.
pair-declined-curator = { $name } declined the pair. Reason: { $reason }. The mentee is back in the unpaired list.
pair-proposed = Pair proposed: { $names }. I will tell you when everyone has confirmed or someone declines.
curator-button-find-mentor = 🤝 Find a mentor
curator-no-ready-mentors = No ready mentors yet: mark a mentor "ready" on their card (/mentors).
curator-choose-mentor = Choose a mentor for this mentee:

pair-error-not-found = Participant not found.
pair-error-wrong-programme = Participants of different programmes cannot be in one pair.
pair-error-wrong-role = Check the roles: mentor and mentee are swapped.
pair-error-mentee-taken = This mentee already has a pair or a proposal.
pair-error-no-mentor = A pair needs a mentor.
pair-error-no-mentee = A pair needs at least one mentee.
pair-error-too-many-mentors = A group can have at most two mentors.
pair-error-not-member = You are not a member of this pair.
pair-error-not-proposed = This pair has already been decided.
pair-error-not-open = This pair has already ended.

match-no-mentees = No unpaired mentees with a finished questionnaire right now.
match-title = Matching suggestions: { $pairs } { $pairs ->
        [one] pair
       *[other] pairs
    }, left without a mentor: { $unpaired }. Matching weighs shared topics, time, format, form of mentorship and mentors' free places.
match-line = { $mentee } → { $mentor } (match { $score } of 100)
match-more = …and { $count } more. "Accept all" proposes every pair.
match-unassigned = No suitable ready mentor for: { $names }. They stay in the unpaired list.
match-accept-all = ✅ Accept all ({ $count })
reason-shared-topics = shared topics: { $topics }
reason-shared-interests = shared interests: { $words }
reason-format-match = the meeting format suits both ({ $format ->
        [online] online
        [offline] in person
       *[any] any
    })
reason-format-mismatch = different meeting format preferences
reason-time-overlap = common free time: { $slots }
reason-no-common-time = no common free time
reason-form-match = form of mentorship: { $form }
reason-spare-capacity = the mentor's free places: { $spare }
reason-mutual-preference = chose each other
reason-mentee-prefers = the mentee chose this mentor
reason-mentor-prefers = the mentor chose this mentee
