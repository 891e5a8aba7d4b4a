# Scheduler messages (src/jobs): what a curator is told when a participant can no longer be reached.

jobs-unreachable-notice =
    ⚠️ { $name } no longer receives the bot's messages in { $messenger ->
        [telegram] Telegram
        [vk] VK
       *[other] their messenger
    } (the bot was blocked or the account deleted). Programme: { $programmes }.
    Reminders and questions to this participant are not delivered. Please reach them another way; once they write to the bot again, messages flow as usual.
