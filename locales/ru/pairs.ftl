# Пары и группы: предложение, подтверждение, отказ.

pair-member-line = { $name } — { $role ->
        [mentee] наставляемый
       *[mentor] наставник
    }
pair-proposal = Куратор программы «{ $programme }» предлагает вам { $role ->
        [mentee] наставника
       *[mentor] наставляемого
    }:
pair-proposal-question = Подтвердите, что согласны работать вместе, или откажитесь (укажете причину).
pair-confirm-button = Подтверждаю ✅
pair-decline-button = Отказаться
pair-confirmed-waiting = Спасибо! Ждём подтверждения от остальных участников пары.
pair-active = Пара сформирована: все подтвердили. Вот как связаться:
pair-active-curator = Пара подтверждена всеми участниками: { $names }.
pair-decline-reason = Напишите коротко, почему вы отказываетесь (до { $max } символов). Причину увидит только куратор.
pair-declined-you = Понятно, отказ передан куратору.
pair-declined-other = Пара не сложилась: другой участник отказался. Куратор подберёт новую пару.
pair-declined-curator = { $name } отказался от пары. Причина: { $reason }. Наставляемый снова в списке без пары.
pair-proposed = Пара предложена: { $names }. Я сообщу, когда все подтвердят или кто-то откажется.
curator-button-find-mentor = 🤝 Подобрать наставника
curator-no-ready-mentors = Готовых наставников пока нет: отметьте наставника «готов» в его карточке (/mentors).
curator-choose-mentor = Выберите наставника для этого наставляемого:

pair-error-not-found = Участник не найден.
pair-error-wrong-programme = Участники из разных программ не могут быть в одной паре.
pair-error-wrong-role = Проверьте роли: наставник и наставляемый перепутаны.
pair-error-mentee-taken = У этого наставляемого уже есть пара или предложение.
pair-error-no-mentor = В паре должен быть наставник.
pair-error-no-mentee = В паре должен быть хотя бы один наставляемый.
pair-error-too-many-mentors = В группе может быть не больше двух наставников.
pair-error-not-member = Вы не участник этой пары.
pair-error-not-proposed = Решение по этой паре уже принято.
pair-error-not-open = Эта пара уже завершена.

match-no-mentees = Наставляемых без пары, заполнивших анкету, сейчас нет.
match-title = Предложения подбора: { $pairs } { $pairs ->
        [one] пара
        [few] пары
       *[many] пар
    }, без наставника остаются: { $unpaired }. Подбор учитывает общие темы, время, формат, форму наставничества и свободные места у наставников.
match-line = { $mentee } → { $mentor } (совпадение { $score } из 100)
match-more = …и ещё { $count }. Кнопка «Принять все» предложит все пары.
match-unassigned = Подходящего готового наставника нет для: { $names }. Они остаются в списке без пары.
match-accept-all = ✅ Принять все ({ $count })
reason-shared-topics = общие темы: { $topics }
reason-shared-interests = общие интересы: { $words }
reason-format-match = формат встреч подходит обоим ({ $format ->
        [online] онлайн
        [offline] очно
       *[any] любой
    })
reason-format-mismatch = разные предпочтения по формату встреч
reason-time-overlap = общее свободное время: { $slots }
reason-no-common-time = нет общего свободного времени
reason-form-match = форма наставничества: { $form }
reason-spare-capacity = у наставника свободно мест: { $spare }
reason-mutual-preference = выбрали друг друга
reason-mentee-prefers = наставляемый выбрал этого наставника
reason-mentor-prefers = наставник выбрал этого наставляемого
pair-error-mentor-full = У наставника не осталось свободных мест: он указал, сколько наставляемых может взять.
pair-error-already-member = Этот участник уже в паре или ждёт подтверждения.
pair-error-join-not-pending = Решение о присоединении уже принято.

# Предложение: варианты, вопрос наставника.
pair-proposal-chosen = { $role ->
        [mentor] Наставляемый выбрал вас наставником в программе «{ $programme }»:
       *[mentee] Вы выбрали наставника в программе «{ $programme }»:
    }
pair-proposal-changed = Состав предложенной пары в программе «{ $programme }» изменился: теперь это группа. Подтвердите, пожалуйста, ещё раз:
pair-ask-button = ❓ Задать вопрос: { $name }
pair-ask-prompt = Что вы хотите уточнить у участника { $name } перед решением? Напишите вопрос (до { $max } символов). Отменить — /cancel.
pair-ask-sent = Вопрос отправлен: { $name }. Я пришлю ответ, и вы сможете подтвердить пару или отказаться.
pair-question-to-mentee =
    Наставник { $name } хочет уточнить кое-что, прежде чем подтвердить пару:
    «{ $question }»
pair-answer-button = ✍️ Ответить
pair-answer-prompt =
    Вопрос наставника: «{ $question }»
    Напишите ответ (до { $max } символов).
pair-answer-sent = Ответ передан наставнику.
pair-answer-to-mentor =
    { $name } ответил(а) на ваш вопрос «{ $question }»:
    «{ $answer }»

    Подтвердите пару, откажитесь или задайте ещё вопрос.
question-error-answered = На этот вопрос вы уже ответили.

# Группа растёт: новый участник присоединяется к работающей паре.
pair-join-invite = Куратор программы «{ $programme }» предлагает вам присоединиться к { $role ->
        [mentor] группе вторым наставником
       *[mentee] группе наставника
    }:
pair-join-ask = Куратор программы «{ $programme }» предлагает добавить в вашу группу нового участника:
pair-join-active = Вы в группе: все подтвердили. Вот как связаться:
pair-join-active-member = В вашей группе новый участник — все подтвердили. Вот как связаться:
pair-join-active-curator = { $name } присоединился(ась) к группе: { $names }.
pair-join-declined-other = { $name } не присоединится к группе: один из участников отказался. Группа работает как прежде.
pair-join-declined-curator = { $who } отказался(ась) от присоединения участника { $name } к группе. Причина: { $reason }.

# /pairs и карточка пары.
pairs-title = Пары и группы программы: { $total }. Предложены { $proposed }, работают { $active }, не сложились { $declined }, завершены { $completed }, прекращены досрочно { $ended }.
pairs-filter = { $filter ->
        [proposed] предложены
        [active] работают
        [declined] не сложились
        [completed] завершены
        [ended_early] прекращены
       *[all] все
    }
pairs-page = Показаны: { $filter } — { $count } (страница { $page } из { $pages }). Нажмите на пару, чтобы открыть карточку.
pairs-none = В списке «{ $filter }» пар нет.
pair-card-title = { $group ->
        [yes] Группа
       *[no] Пара
    } № { $id }: { $status ->
        [proposed] предложена, ждёт подтверждений
        [active] работает
        [declined] не сложилась
        [completed] завершена
       *[ended_early] прекращена досрочно
    }
pair-card-created = Предложена { $at } куратором.
pair-card-chosen-by = Предложена { $at }: { $name } выбрал(а) наставника сам(а).
pair-card-member = • { $name } — { $role ->
        [mentee] наставляемый
       *[mentor] наставник
    }{ $decision ->
        [confirmed] {" "}✅ подтвердил(а)
        [declined] {" "}❌ отказался(ась)
        [pending] {" "}⏳ ещё не ответил(а)
       *[none] {""}
    }
pair-card-joining = • { $name } — { $role ->
        [mentee] наставляемый
       *[mentor] наставник
    }, присоединяется: подтвердили { $confirmed } из { $total }
pair-card-score = Совпадение при подборе: { $score } из 100
pair-card-reason = Причина: { $reason }
pair-card-history = История:
pair-history-status = { $status ->
        [proposed] предложена
        [active] все подтвердили, пара работает
        [declined] отказ
        [completed] завершена
       *[ended_early] прекращена досрочно
    }
pair-history-added = добавлен(а) { $name } ({ $role ->
        [mentee] наставляемый
       *[mentor] наставник
    })
pair-card-questions = Вопросы наставника:
pair-card-question = { $from } → { $to }: «{ $question }»
pair-card-answer = {"  "}ответ: «{ $answer }»
pair-card-no-answer = {"  "}ответа пока нет
pair-button-add-mentee = ➕ Наставляемый
pair-button-add-mentor = ➕ Второй наставник
pair-button-complete = 🏁 Завершить: срок работы окончен
pair-button-end = ⛔ Прекратить досрочно
pair-button-withdraw = ⛔ Отозвать предложение
pair-button-back = ⬅️ К парам
pair-button-back-card = ⬅️ К карточке пары
pair-end-prompt = Почему пара прекращается досрочно? Напишите причину (до { $max } символов): её увидят только кураторы. Отменить — /cancel.
pair-ended-early-member = Куратор программы «{ $programme }» прекратил работу вашей пары. { $role ->
        [mentee] Куратор подберёт вам нового наставника.
       *[mentor] Спасибо за вашу работу!
    }
pair-ended-early-done = Пара прекращена досрочно: { $names }. Наставляемые снова в списке без пары.
pair-add-choose = Кого добавить { $role ->
        [mentee] наставляемым
       *[mentor] вторым наставником
    } к: { $names }? Все участники подтвердят изменение.
pair-add-no-mentees = Наставляемых без пары, заполнивших анкету, сейчас нет.
pair-member-added-proposed = { $name } добавлен(а) в предложенную группу. Все участники получили предложение заново.
pair-member-joining = { $name } присоединится к группе, когда все подтвердят. Я сообщу.

# Раунд предпочтений.
round-status-open = Раунд предпочтений открыт с { $since }. Выбор сделали: { $choosers }, всего названо партнёров: { $preferences }, взаимных выборов: { $mutual }.
round-status-none = Раунд предпочтений не открыт. Откройте его: наставляемые без пары и готовые наставники со свободными местами получат короткие карточки кандидатов и назовут до трёх желаемых партнёров. /match учтёт взаимные выборы.
round-status-last = Последний раунд закрыт { $closed }: выбор сделали { $choosers }, взаимных выборов { $mutual }.
round-button-open = ⭐ Открыть раунд
round-button-close = Закрыть раунд
round-opened = Раунд открыт. Приглашения отправлены: наставляемым { $mentees }, наставникам { $mentors }.
round-closed = Раунд закрыт. Выбор сделали: { $choosers }, названо партнёров: { $preferences }, взаимных выборов: { $mutual }. Теперь /match учитывает эти предпочтения.
round-error-already-open = Раунд предпочтений уже открыт.
round-error-not-open = Открытого раунда нет.
round-invite = Программа «{ $programme }»: выберите, с кем вам хотелось бы работать. Назовите до { $max } { $role ->
        [mentee] наставников
       *[mentor] наставляемых
    } — куратор постарается это учесть.
round-button-show = Посмотреть кандидатов
round-choose-title = Нажмите на { $role ->
        [mentee] наставника
       *[mentor] наставляемого
    }, чтобы выбрать (до { $max }); нажмите ещё раз, чтобы убрать. Выбрано: { $chosen }.
round-chosen = Выбрано: { $name } ({ $count } из { $max }).
round-unchosen = Убрано: { $name }.
round-error-three = Можно выбрать не больше { $max }. Уберите кого-нибудь, чтобы выбрать другого.
round-error-not-candidate = Этого участника нет среди ваших кандидатов.
round-closed-participant = Сейчас выбор партнёров не проводится.
round-not-eligible = В выборе участвуют наставляемые без пары и готовые наставники со свободными местами.
round-no-candidates = Подходящих кандидатов пока нет. Куратор подберёт пару.

# Самостоятельный выбор наставника.
self-matching-opened = В программе «{ $programme }» вы можете сами выбрать наставника из трёх лучше всего подходящих вам. Наставник подтвердит выбор.
self-matching-button-show = Выбрать наставника
self-matching-title = Наставники, которые вам лучше всего подходят ({ $count }). Выберите одного — он получит предложение и подтвердит его.
self-matching-card-title = { $n }. { $name } (совпадение { $score } из 100)
self-matching-button-choose = Выбрать: { $name }
self-matching-chosen = Вы выбрали наставника: { $name }. Я сообщу, когда он ответит.
self-matching-curator = { $mentee } сам(а) выбрал(а) наставника: { $mentor } (совпадение { $score } из 100). Ждём ответа наставника. Все пары — /pairs.
self-matching-off = В вашей программе наставника подбирает куратор.
self-matching-not-mentee = Выбрать наставника может наставляемый программы.
self-matching-not-eligible = Выбрать наставника можно, пока у вас нет пары и анкета заполнена.
self-matching-none = Подходящих наставников со свободными местами пока нет. Куратор подберёт пару.
self-matching-stale = Этот наставник больше не среди подходящих вам. Вот актуальный список: /choose
help-pairing =
    Подбор пары:
    /choose — выбрать наставника самому (если программа это разрешает)
    /prefer — назвать желаемых партнёров, когда куратор открыл раунд предпочтений
