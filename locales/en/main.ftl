# Common bot texts: joining by invite, consent, questionnaire, commands.

welcome =
    Hello! I am Nastavnik, the assistant of your school's or college's mentorship programme.
    Through me mentees and mentors fill in questionnaires, arrange meetings and share feedback, and curators form pairs.

    To begin you need an invite link or code from your organisation's programme curator. Open the link or just send the code here.
welcome-back =
    Welcome back! You take part in { $count ->
        [one] the programme
       *[other] the programmes
    } { $programmes }. Your questionnaire is complete; the curator will contact you when your pair is formed.
    Commands: /help
idle-hint = I don't know your programme yet. Send the invite code or link from your curator.
group-chat-not-supported = I only work in private messages. Please write to me directly.

help-participant =
    What I can do:
    /start — start or continue where you left off
    /cancel — stop the current step (everything you answered stays saved)
    /language — change the language
    /link — link Telegram and VK
    /forget — withdraw consent and delete your data
    /help — this help
command-unknown = I don't know that command. See /help for the list.

cancel-nothing = There is nothing to stop right now. Send /start to continue.
cancel-onboarding = OK, stopped. Nothing was saved. To start again, open the invite link again.
cancel-saved = OK, stopped. Everything you answered is saved. Send /start to continue.

language-choose = Выберите язык / Choose your language:
language-changed = Language changed: English.

button-invalid = I don't understand this button. Please use the buttons of the latest message.
button-stale = This button is no longer active. Here is the current question.
button-stale-idle = This button is no longer active.
flow-reset = Something went wrong with this step; let's start it again. Send /start.
error-internal = Something went wrong on our side. Your answers are saved; please try again a little later.

invite-unknown = This invite code was not found. Check it or ask your curator for a new link.
invite-expired = This invite has expired. Ask your curator for a new link.
invite-used-up = This invite has been used by the maximum number of participants. Ask your curator for a new link.
invite-revoked = This invite was revoked by the curator. Ask for a new link.
invite-already-member = You already take part in the programme "{ $programme }".
invite-accepted =
    Invitation to the programme "{ $programme }" ({ $organisation }) accepted. Your role: { $role ->
        [mentee] mentee
        [mentor] mentor
       *[curator] curator
    }.

consent-agree = I agree
consent-decline = I do not agree
consent-declined = Understood. We have saved nothing about you. If you change your mind, open the invite link again.
consent-recorded = Thank you, your consent is recorded. Now a short questionnaire; it helps to find your pair.
age-question = Are you 14 or older?
age-over14 = Yes, I am 14 or older
age-under14 = No, I am under 14
parent-name-question = A participant under 14 needs the consent of a parent or legal guardian. Please write the parent's full name (up to { $max } { $max ->
        [one] character
       *[other] characters
    }).
parent-contact-question = Write the parent's phone number or email address.
parent-contact-invalid = This does not look like a phone number or an email. Write, for example, +7 900 123-45-67 or parent@example.com.
parent-confirm-yes = I am the parent and I consent
parent-confirm-no = I do not consent
curator-welcome = You are a curator of the programme "{ $programme }" ({ $organisation }). Curator commands: /help.

questionnaire-intro = Questionnaire "{ $title }". Answer with buttons or a message; each answer is saved at once. Stop any time with /cancel.
questionnaire-resume = Let's continue the questionnaire where you left off.
questionnaire-already-submitted = Your questionnaire has already been sent. Thank you!
questionnaire-submitted-intake = Done, your questionnaire is sent! The curator will find your pair and I will let you know.
questionnaire-submitted = Thank you, your answers are sent!

question-progress = Question { $position } of { $total }
question-current-answer = Current answer: { $answer }
question-other-button = Other (I'll type it)
question-other-prompt = Write your own option in one message (up to { $max } { $max ->
        [one] character
       *[other] characters
    }).
question-done-button = Done ✔
question-back-button = ⬅️ Back
question-skip-button = Skip
answer-yes = Yes
answer-no = No
answer-skipped = skipped

hint-text = Write your answer in a message (up to { $max } { $max ->
        [one] character
       *[other] characters
    }).
hint-integer = Write a number from { $min } to { $max } or press a button.
hint-scale = Rate from { $min } to { $max }.
hint-date = Write the date as DD.MM.YYYY, for example 01.09.2026.
hint-multi = You can pick several options, then press "Done".
hint-buttons = Choose an option with a button.

answer-error-empty = The answer is empty. Please write some text.
answer-error-too-long = Too long: { $length } { $length ->
        [one] character
       *[other] characters
    }, at most { $max } allowed.
answer-error-number = A number from { $min } to { $max } is needed.
answer-error-range = The number must be from { $min } to { $max }.
answer-error-date = I could not read the date. Write it as DD.MM.YYYY.
answer-error-date-range = The date must be between { $min } and { $max }.
answer-error-use-buttons = Please choose an option with a button here.
answer-error-use-buttons-multi = Tick the options with the buttons and press "Done".
answer-error-select-min = Choose at least { $min } { $min ->
        [one] option
       *[other] options
    }.
answer-error-select-max = You can choose at most { $max } { $max ->
        [one] option
       *[other] options
    }.
answer-error-unsupported = I only understand text and buttons; stickers, photos and files won't do here.

summary-title = Check your questionnaire:
summary-hint = If everything is right, press "All correct". To change an answer, press its question.
summary-confirm-button = ✅ All correct, send
summary-missing = { $count ->
        [one] { $count } question is
       *[other] { $count } questions are
    } still unanswered.

forget-confirm = Withdraw your consent to personal data processing? Your answers and name will be deleted and your participation will end. This cannot be undone.
forget-yes = Yes, delete my data
forget-no = No, keep it
forget-done = Consent withdrawn, your data is deleted. Thank you for being with us.
forget-kept = OK, nothing changes.

link-code = To link this account with your other messenger (Telegram or VK), send the bot there: /link { $code }
    The code is valid for { $minutes } { $minutes ->
        [one] minute
       *[other] minutes
    }.
link-done = Done: the accounts are linked. Your answers and programme membership are shared now, and I will write to wherever you last wrote to me.
link-unknown = This link code was not found or has been used. Get a new one with /link in your other messenger.
link-expired = The code has expired. Get a new one with /link in your other messenger.
link-same = This code was issued to this same account. Send it from your other messenger.
link-conflict = You already have your own questionnaire in this messenger, so the accounts can't be linked this way. Get a code here (/link) and send it from the other messenger.
