# Consent to the processing of personal data (Russian Federal Law 152-FZ). Whenever the meaning of the
# text changes, change consent-text-version in both languages: the version is recorded with each consent.

consent-text-version = 2026-11-v1

consent-text =
    Before we start, we need your consent to the processing of your personal data (Federal Law No. 152-FZ "On Personal Data").

    Who processes it: { $organisation }, for the mentorship programme "{ $programme }".
    Which data: your first and last name, class or position, questionnaire answers, meeting records and feedback, your messenger ID.
    Why: to find you a mentor or mentee, arrange meetings and follow how the programme goes.
    Who sees it: the programme's curators in your organisation and, once a pair is formed, your mentor or mentee (only what you need to work together). Only anonymised summary figures leave the organisation.
    How long: until the programme ends and its records' retention period expires, or until you withdraw your consent.

    You can withdraw your consent and have your data deleted at any time with the /forget command.
    If you are under 14, a parent or legal guardian must also consent; I will ask about this next.

    Do you agree?

consent-parent-text =
    Consent of a parent (legal guardian)

    I, { $parent }, a parent (legal guardian) of the participant, consent to the processing of my child's (ward's) personal data, and of my own name and contact details, for the mentorship programme "{ $programme }". Who processes it: { $organisation }.
    The terms are those described above: the child's data (name, class, questionnaire answers, meeting records and feedback, messenger ID) is seen only by the programme's curators and the child's mentor; only anonymised summary figures leave the organisation; it is kept until the programme ends and its records' retention period expires.
    The consent can be withdrawn at any time with the /forget command, and the data will then be deleted.

    The button below must be pressed by the parent or legal guardian themselves.
