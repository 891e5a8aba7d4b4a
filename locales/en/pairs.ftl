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
pair-error-mentor-full = The mentor has no places left: they said how many mentees they can take.
pair-error-already-member = This participant is already in the pair or waiting to confirm.
pair-error-join-not-pending = The decision about joining has already been made.

# The proposal: variants, the mentor's question.
pair-proposal-chosen = { $role ->
        [mentor] A mentee has chosen you as their mentor in the programme "{ $programme }":
       *[mentee] You chose a mentor in the programme "{ $programme }":
    }
pair-proposal-changed = The proposed pair in the programme "{ $programme }" has changed: it is a group now. Please confirm again:
pair-ask-button = ❓ Ask a question: { $name }
pair-ask-prompt = What would you like to ask { $name } before deciding? Write your question (up to { $max } characters). To cancel: /cancel.
pair-ask-sent = Question sent to { $name }. I will send you the answer, then you can confirm the pair or decline.
pair-question-to-mentee =
    The mentor { $name } would like to know something before confirming the pair:
    "{ $question }"
pair-answer-button = ✍️ Answer
pair-answer-prompt =
    The mentor's question: "{ $question }"
    Write your answer (up to { $max } characters).
pair-answer-sent = Your answer has been passed to the mentor.
pair-answer-to-mentor =
    { $name } answered your question "{ $question }":
    "{ $answer }"

    Confirm the pair, decline, or ask another question.
question-error-answered = You have already answered this question.

# A group grows: a newcomer joins a working pair.
pair-join-invite = The curator of the programme "{ $programme }" proposes that you join { $role ->
        [mentor] a group as its second mentor
       *[mentee] a mentor's group
    }:
pair-join-ask = The curator of the programme "{ $programme }" proposes a new member for your group:
pair-join-active = You are in the group: everyone confirmed. Here is how to get in touch:
pair-join-active-member = A new member has joined your group — everyone confirmed. Here is how to get in touch:
pair-join-active-curator = { $name } has joined the group: { $names }.
pair-join-declined-other = { $name } will not join the group: one of the members declined. The group goes on as before.
pair-join-declined-curator = { $who } declined { $name } joining the group. Reason: { $reason }.

# /pairs and the pair card.
pairs-title = The programme's pairs and groups: { $total }. Proposed { $proposed }, working { $active }, declined { $declined }, completed { $completed }, ended early { $ended }.
pairs-filter = { $filter ->
        [proposed] proposed
        [active] working
        [declined] declined
        [completed] completed
        [ended_early] ended early
       *[all] all
    }
pairs-page = Shown: { $filter } — { $count } (page { $page } of { $pages }). Press a pair to open its card.
pairs-none = No pairs in the list "{ $filter }".
pair-card-title = { $group ->
        [yes] Group
       *[no] Pair
    } no. { $id }: { $status ->
        [proposed] proposed, waiting for confirmations
        [active] working
        [declined] declined
        [completed] completed
       *[ended_early] ended early
    }
pair-card-created = Proposed { $at } by a curator.
pair-card-chosen-by = Proposed { $at }: { $name } chose the mentor themselves.
pair-card-member = • { $name } — { $role ->
        [mentee] mentee
       *[mentor] mentor
    }{ $decision ->
        [confirmed] {" "}✅ confirmed
        [declined] {" "}❌ declined
        [pending] {" "}⏳ has not answered yet
       *[none] {""}
    }
pair-card-joining = • { $name } — { $role ->
        [mentee] mentee
       *[mentor] mentor
    }, joining: { $confirmed } of { $total } confirmed
pair-card-score = Matching score: { $score } of 100
pair-card-reason = Reason: { $reason }
pair-card-history = History:
pair-history-status = { $status ->
        [proposed] proposed
        [active] everyone confirmed, the pair is working
        [declined] declined
        [completed] completed
       *[ended_early] ended early
    }
pair-history-added = { $name } added ({ $role ->
        [mentee] mentee
       *[mentor] mentor
    })
pair-card-questions = The mentor's questions:
pair-card-question = { $from } → { $to }: "{ $question }"
pair-card-answer = {"  "}answer: "{ $answer }"
pair-card-no-answer = {"  "}no answer yet
pair-button-add-mentee = ➕ Mentee
pair-button-add-mentor = ➕ Second mentor
pair-button-complete = 🏁 Complete: the term is over
pair-button-end = ⛔ End early
pair-button-withdraw = ⛔ Withdraw the proposal
pair-button-back = ⬅️ Back to the pairs
pair-button-back-card = ⬅️ Back to the pair's card
pair-end-prompt = Why does the pair end early? Write the reason (up to { $max } characters): only curators will see it. To cancel: /cancel.
pair-ended-early-member = The curator of the programme "{ $programme }" has ended your pair. { $role ->
        [mentee] The curator will find you a new mentor.
       *[mentor] Thank you for your work!
    }
pair-ended-early-done = The pair ended early: { $names }. The mentees are back among those without a pair.
pair-add-choose = Whom should I add as { $role ->
        [mentee] a mentee
       *[mentor] a second mentor
    } to: { $names }? Every member will confirm the change.
pair-add-no-mentees = There are no mentees without a pair who finished the questionnaire.
pair-member-added-proposed = { $name } was added to the proposed group. Every member got the proposal again.
pair-member-joining = { $name } will join the group once everyone confirms. I will let you know.

# Preference round.
round-status-open = The preference round is open since { $since }. People who chose: { $choosers }, partners named: { $preferences }, mutual choices: { $mutual }.
round-status-none = No preference round is open. Open one: mentees without a pair and ready mentors with places left get short cards of candidates and name up to three preferred partners. /match weighs mutual choices.
round-status-last = The last round closed { $closed }: { $choosers } chose, { $mutual } mutual choices.
round-button-open = ⭐ Open a round
round-button-close = Close the round
round-opened = The round is open. Invitations sent: { $mentees } mentees, { $mentors } mentors.
round-closed = The round is closed. People who chose: { $choosers }, partners named: { $preferences }, mutual choices: { $mutual }. /match now weighs these preferences.
round-error-already-open = A preference round is already open.
round-error-not-open = There is no open round.
round-invite = Programme "{ $programme }": choose whom you would like to work with. Name up to { $max } { $role ->
        [mentee] mentors
       *[mentor] mentees
    } — the curator will try to take it into account.
round-button-show = See the candidates
round-choose-title = Press a { $role ->
        [mentee] mentor
       *[mentor] mentee
    } to choose them (up to { $max }); press again to take it back. Chosen: { $chosen }.
round-chosen = Chosen: { $name } ({ $count } of { $max }).
round-unchosen = Taken back: { $name }.
round-error-three = You can choose at most { $max }. Take someone back to choose another.
round-error-not-candidate = This participant is not among your candidates.
round-closed-participant = There is no choice of partners going on now.
round-not-eligible = The choice is for mentees without a pair and ready mentors with places left.
round-no-candidates = There are no suitable candidates yet. The curator will find a pair.

# Self-matching.
self-matching-opened = In the programme "{ $programme }" you can choose your mentor yourself from the three who suit you best. The mentor will confirm.
self-matching-button-show = Choose a mentor
self-matching-title = The mentors who suit you best ({ $count }). Choose one — they get the proposal and confirm it.
self-matching-card-title = { $n }. { $name } (match { $score } of 100)
self-matching-button-choose = Choose: { $name }
self-matching-chosen = You chose your mentor: { $name }. I will tell you when they answer.
self-matching-curator = { $mentee } chose a mentor themselves: { $mentor } (match { $score } of 100). Waiting for the mentor's answer. All pairs: /pairs.
self-matching-off = In your programme the curator finds your mentor.
self-matching-not-mentee = Choosing a mentor is for the programme's mentees.
self-matching-not-eligible = You can choose a mentor while you have no pair and your questionnaire is done.
self-matching-none = There are no suitable mentors with places left yet. The curator will find a pair.
self-matching-stale = This mentor is no longer among those who suit you. Here is the current list: /choose
help-pairing =
    Finding a pair:
    /choose — choose your mentor yourself (when the programme allows it)
    /prefer — name preferred partners while the curator runs a preference round
