# Работа в паре (этап 6): цели и план, встречи с напоминаниями, отметки после встреч,
# совместимость, пульс, сигналы куратору, сообщение всем.

# Язык этих текстов: по нему пишутся даты внутри сообщений.
meetings-locale = ru

help-meetings =
    Работа в паре:
    /plan — цели и план пары, отметить выполненное
    /meeting — предложить встречу: одно время, 2–3 варианта или каждую неделю
    /meetings — ваши встречи: перенести, отменить, остановить регулярные
help-meetings-curator =
    Встречи пар:
    /pairwork — пары программы: проведённые, пропущенные и будущие встречи, ответы после встреч
    /broadcast — сообщение всем наставникам или всем участникам пар

pairwork-no-pair = У вас пока нет сформированной пары. Когда куратор подберёт пару и все подтвердят, здесь появятся план и встречи.
pairwork-choose-pair = Выберите пару:
pairwork-start-mentor = Пара начала работу! Предложите время первой встречи, а вместе с наставляемым составьте план: цели, мероприятия, сроки и ожидаемые результаты.
pairwork-start-mentee = Пара начала работу! Наставник ({ $names }) предложит время первой встречи — я пришлю его вам. План пары можно смотреть и дополнять в любой момент.

## План пары

plan-title = 📋 План пары: { $names }
plan-empty = В плане пока ничего нет. Начните с цели — чего вы хотите добиться вместе? Потом добавьте мероприятия: что сделать, к какому сроку и какой результат ожидается.
plan-goal = 🎯 Цель { $n }. { $text }
plan-no-goal = Мероприятия без цели:
plan-task = { $done ->
        [yes] ✅
       *[no] ▫️
    } { $n }. { $title }{ $hasDue ->
        [yes] , до { $due }
       *[no] {""}
    }
plan-task-result = Ожидаемый результат: { $result }
plan-progress = Выполнено { $done } из { $total }.
plan-button-goal = 🎯 Добавить цель
plan-button-task = ➕ Мероприятие
plan-button-done = ✅ { $n }
plan-button-show = 📋 План пары
plan-ask-goal = Напишите цель пары — чего вы хотите добиться (до { $max } символов). Например: «Подготовиться к региональной олимпиаде по математике».
plan-ask-task-goal = К какой цели относится мероприятие?
plan-goal-button = { $n }. { $text }
plan-goal-none = Без цели
plan-ask-task = Что нужно сделать? Напишите мероприятие (до { $max } символов). Например: «Разобрать задания олимпиады прошлого года».
plan-ask-due = К какому сроку? Выберите кнопкой или напишите дату (например, 25.04.2026).
plan-due-week = Через неделю
plan-due-two-weeks = Через 2 недели
plan-due-month = Через месяц
plan-due-none = Без срока
plan-ask-result = Какой результат ожидается? Напишите коротко (до { $max } символов) или нажмите «Пропустить».
plan-result-skip = Пропустить
plan-goal-added = Цель добавлена в план.
plan-task-added = Мероприятие добавлено в план.
plan-goal-added-other = { $name } добавил(а) цель в план пары: «{ $text }».
plan-task-added-other = { $name } добавил(а) в план пары: «{ $title }».
plan-task-done-other = { $name } отметил(а) выполненным: «{ $title }».
plan-task-marked = Отмечено как выполненное ✅
plan-task-already-done = Это мероприятие уже отмечено выполненным.

## Встречи

meeting-ask-mode = Как договоримся о встрече?
meeting-mode-single = 📅 Одна встреча
meeting-mode-slots = 🕑 2–3 варианта на выбор
meeting-mode-weekly = 🔁 Каждую неделю
meeting-ask-day = Выберите день встречи или напишите дату (например, 25.03):
meeting-ask-slot-day = Вариант { $n } из { $max }: выберите день или напишите дату (например, 25.03):
meeting-ask-move-day = На какой день перенести встречу? Выберите или напишите дату (например, 25.03):
meeting-today = Сегодня
meeting-tomorrow = Завтра
meeting-ask-weekday = В какой день недели встречаться?
meeting-ask-time = Во сколько? Выберите время или напишите своё (например, 15:30). Время — по часовому поясу вашей организации.
meeting-slot-added = Вариант { $n }: { $when }.
meeting-ask-more = Добавить ещё вариант?
meeting-button-more = ➕ Ещё вариант
meeting-button-enough = Хватит, дальше
meeting-ask-format = Как будете встречаться?
meeting-format-online = 💻 Онлайн
meeting-format-in-person = 🏫 Очно
meeting-ask-topic = О чём будет встреча? Напишите тему (до { $max } символов) или нажмите «Без темы».
meeting-button-no-topic = Без темы
meeting-details = 📅 { $when }, { $format ->
        [online] онлайн
       *[in_person] очно
    }
meeting-topic-line = Тема: { $topic }
meeting-with = Участники: вы и { $names }
meeting-proposed = Предложение отправлено. Я сообщу, когда { $names } ответит:
meeting-proposed-slots = Варианты отправлены — { $names } выберет удобный:
meeting-proposal = { $name } предлагает встречу:
meeting-proposal-moved = { $name } предлагает перенести встречу на другое время:
meeting-proposal-slots = { $name } предлагает встретиться ({ $format ->
        [online] онлайн
       *[in_person] очно
    }). Выберите удобное время:
meeting-proposal-waiting = { $name } ждёт вашего ответа.
meeting-button-accept = ✅ Подходит
meeting-button-other-time = 🕑 Другое время
meeting-button-none-fits = 🕑 Ни одно не подходит
meeting-scheduled = Договорились! Встреча назначена, { $names } получит подтверждение. Я напомню заранее:
meeting-accepted-other = { $name } принял(а) предложение. Встреча назначена, я напомню заранее:
meeting-toast-accepted = Встреча назначена
meeting-other-time-proposer = { $name } просит другое время вместо { $when }. Предложите новое:
meeting-other-time-member = { $name } попросил(а) другое время для встречи.
meeting-ask-counter = Напишите, когда вам удобно, — я передам (до { $max } символов). Или нажмите «Пропустить».
meeting-button-skip = Пропустить
meeting-other-time-sent = Хорошо, я попросил предложить другое время.
meeting-counter-note = { $name } пишет, когда удобно: «{ $note }»
meeting-counter-sent = Передал. Новое предложение пришлю, как только оно появится.
meeting-move-sent = Новое время отправлено — { $names } подтвердит или попросит другое. До ответа напоминаний не будет:
meeting-reminder-hours = ⏰ Напоминание: встреча через { $hours } { $hours ->
        [one] час
        [few] часа
       *[many] часов
    }.
meeting-reminder-minutes = ⏰ Напоминание: встреча через { $minutes } мин.
meeting-button-confirm = ✅ Буду
meeting-button-move = 🕑 Перенести
meeting-button-cancel = ✖️ Отменить
meeting-confirmed = Отлично, до встречи!
meeting-confirmed-other = { $name } подтвердил(а), что будет на встрече { $when }.
meeting-ask-cancel = Отменить встречу { $when }?
meeting-button-cancel-yes = Да, отменить
meeting-button-cancel-no = Нет, оставить
meeting-kept = Встреча остаётся в силе.
meeting-cancelled = Встреча отменена
meeting-cancelled-you = Встреча { $when } отменена, напоминаний не будет.
meeting-cancelled-other = { $name } отменил(а) встречу { $when }.
meeting-button-propose = 📅 Предложить встречу
meeting-card = Встреча (вы и { $names }) — { $status ->
        [proposed] ждёт ответа
        [scheduled] назначена
        [held] состоялась
        [missed] не состоялась
       *[cancelled] отменена
    }

meetings-list-title = 📅 Ваши встречи
meetings-list-upcoming = Впереди:
meetings-list-none-upcoming = Впереди встреч нет. Предложите встречу кнопкой ниже.
meetings-list-weekly = Регулярные встречи:
meetings-list-recent = Недавние:
meetings-list-line = • { $when }, { $format ->
        [online] онлайн
       *[in_person] очно
    } — вы и { $names }: { $status ->
        [proposed] ждёт ответа
        [scheduled] назначена
        [held] состоялась ✅
        [missed] не состоялась
       *[other] без отметки
    }

meeting-error-not-found = Эта встреча или пара уже не действует.
meeting-error-not-member = Эта кнопка относится к чужой паре — ничего не изменилось.
meeting-error-not-proposed = На это предложение уже ответили.
meeting-error-own-proposal = Это ваше предложение — ответить на него должен другой участник пары.
meeting-error-time-passed = Это время уже прошло. Попросите другое время или предложите новое.
meeting-error-not-scheduled = Эта встреча уже отменена или прошла.
meeting-error-slot = Такого варианта нет в предложении. Выберите время кнопкой под сообщением.
meeting-error-date-format = Не понял дату. Напишите её так: 25.03 или 25.03.2026 — или выберите день кнопкой.
meeting-error-date-past = Эта дата уже прошла. Выберите сегодняшний день или позже.
meeting-error-date-far = Слишком далеко: встречу можно назначить не больше чем на год вперёд.
meeting-error-time-format = Не понял время. Напишите его так: 15:30 — или выберите кнопкой.
meeting-error-time-past = Это время уже прошло. Выберите время позже.
meeting-error-same-slot = Такой вариант уже есть. Выберите другое время.

## Регулярные встречи

schedule-details = 🔁 Каждую неделю: { $weekday }, { $time }, { $format ->
        [online] онлайн
       *[in_person] очно
    }
schedule-proposal = { $name } предлагает встречаться регулярно:
schedule-proposed = Предложение регулярных встреч отправлено. Я сообщу, когда { $names } ответит:
schedule-accepted = Договорились! Регулярные встречи начинаются, первая — { $first }.
schedule-accepted-other = { $name } согласен(на) на регулярные встречи, первая — { $first }.
schedule-declined-proposer = { $name } просит другое время для регулярных встреч. Предложите новое:
schedule-button-stop = ⏹ Остановить регулярные
schedule-stopped-you = Регулярные встречи остановлены, будущие встречи по расписанию отменены.
schedule-stopped-other = { $name } остановил(а) регулярные встречи. Будущие встречи по расписанию отменены.

## После встречи

checkin-question = Как прошла встреча { $when } (вы и { $names })? Она состоялась?
checkin-question-again = Напоминаю про встречу { $when } (вы и { $names }): она состоялась? Ответ займёт минуту.
checkin-button-yes = ✅ Да, встретились
checkin-button-no = ❌ Не состоялась
checkin-ask-rating = Оцените встречу от 1 до 5, где 5 — очень полезно:
checkin-error-rating = Оценку нужно выбрать кнопкой — от 1 до 5.
checkin-ask-summary = Что удалось сделать на встрече? Напишите коротко (до { $max } символов).
checkin-ask-next = Какой следующий шаг? Напишите (до { $max } символов) или нажмите «Пропустить».
checkin-thanks = Спасибо, отметка сохранена!
checkin-saved = Сохранено
checkin-not-happened = Понятно, отмечено: встреча не состоялась. { $role ->
        [mentor] Предложите новое время:
       *[mentee] Наставник предложит новое время — я пришлю его вам.
    }
checkin-error-too-early = Встреча ещё не началась — отметить её можно после начала.
checkin-error-done = Вы уже отметили эту встречу. Спасибо!
checkin-error-cancelled = Эта встреча была отменена — отмечать нечего.

fit-question = Первая встреча позади! Как вам работается в паре (вы и { $names })?
fit-button-good = 👍 Подходим друг другу
fit-button-deciding = 🤔 Пока присматриваемся
fit-button-bad = 👎 Не подходим
fit-answer = { $value ->
        [good] Здорово! Удачной работы.
        [deciding] Понятно. Если что-то пойдёт не так, нажмите «Не подходим» — куратор поможет.
       *[bad] Спасибо за честный ответ. Я сообщил куратору — он свяжется с вами и поможет подобрать другую пару.
    }
fit-curator-alert = ⚠️ { $name } ({ $role ->
        [mentor] наставник
       *[mentee] наставляемый
    }) считает, что пара { $pair } не подходит. Возможно, нужна другая пара.

pulse-question = Как дела в паре (вы и { $names })? Оцените настроение от 1 до 5, где 5 — всё отлично:
pulse-ask-progress = Есть ли продвижение к целям пары?
pulse-progress = { $value ->
        [yes] Да, заметное
        [some] Немного
       *[no] Пока нет
    }
pulse-thanks = Спасибо! Ответы видит только куратор программы.
pulse-curator-alert = ⚠️ { $name } оценил(а) настроение в паре { $pair } на { $mood } из 5.

nudge-contact = Вы уже связались с наставником ({ $names })?
nudge-button-yes = Да, мы на связи
nudge-button-no = Ещё нет
nudge-answer-yes = Отлично! Удачной работы.
nudge-answer-no = Напишите наставнику — его контакт был в сообщении о том, что пара сформирована. Я тоже напомнил ему о вас.
nudge-mentor = { $name } пока не на связи с вами. Предложите первую встречу — так проще начать:

## Куратор: встречи пар

pairwork-none = В программе «{ $programme }» пока нет активных пар.
pairwork-title = Пары программы «{ $programme }»: { $count } (страница { $page } из { $pages })
pairwork-line =
    { $n }. { $pair }
    ✅ { $held } · ❌ { $missed } · ❔ { $unreported } · 🗓 { $upcoming } · план { $done }/{ $total }{ $quiet ->
        [yes] {" · "}⚠️ давно не встречались
       *[no] {""}
    }
pairwork-legend = ✅ проведены · ❌ не состоялись · ❔ без отметки · 🗓 впереди
pairwork-prev = ◀️ Назад
pairwork-next = Дальше ▶️
pairwork-back = ◀️ К списку пар
pairwork-button-open-pair = 👀 Посмотреть пару
pairwork-card-title = Пара: { $members }
pairwork-member = { $name } ({ $role ->
        [mentor] наставник
       *[mentee] наставляемый
    })
pairwork-card-since = Работает с { $since } · { $total ->
        [0] план пока пуст
       *[other] план: выполнено { $done } из { $total }
    }
pairwork-bucket = { $bucket ->
        [upcoming] Впереди
        [held] Проведены
        [missed] Не состоялись
       *[unreported] Без отметки
    } ({ $count }):
pairwork-meeting = { $when }, { $format ->
        [online] онлайн
       *[in_person] очно
    }{ $hasTopic ->
        [yes] {" — "}{ $topic }
       *[no] {""}
    }{ $status ->
        [proposed] {" (ждёт ответа)"}
       *[other] {""}
    }
pairwork-checkin = { $name }: оценка { $rating } из 5. Сделали: { $summary }. Дальше: { $next }
pairwork-checkin-no = { $name }: встреча не состоялась
pairwork-no-meetings = Встреч пока не было и не запланировано.
pairwork-fit = Совместимость: { $answers }
pairwork-fit-answer = { $name } — { $value ->
        [good] подходим
        [deciding] присматриваемся
       *[bad] не подходим
    }
pairwork-pulse = Пульс: { $answers }
pairwork-pulse-answer = { $name } — настроение { $mood } из 5, продвижение: { $progress ->
        [yes] заметное
        [some] немного
        [no] пока нет
       *[none] нет ответа
    } ({ $on })
pairwork-alert-silent = ⚠️ Пара { $pair }: встреч нет уже { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    }. Стоит связаться с парой.
pairwork-alert-stalled = ⚠️ Пара { $pair }: нет движения { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    } — ни проведённых встреч, ни отметок, ни выполненных мероприятий плана.

## Куратор: сообщение всем

broadcast-ask-audience = Кому отправить сообщение в программе «{ $programme }»?
broadcast-audience-mentors = Всем наставникам
broadcast-audience-pairs = Всем участникам пар
broadcast-ask-text = Напишите сообщение { $audience ->
        [mentors] всем наставникам
       *[pairs] всем участникам пар
    } (до { $max } символов).
broadcast-preview = Отправить { $count } { $count ->
        [one] получателю
       *[other] получателям
    }? Вот сообщение:
broadcast-send = 📣 Отправить
broadcast-drop = Отмена
broadcast-dropped = Хорошо, сообщение не отправлено.
broadcast-header = 📣 Сообщение куратора программы «{ $programme }»:
broadcast-sent = Отправлено: { $count } { $count ->
        [one] получателю
       *[other] получателям
    }.
