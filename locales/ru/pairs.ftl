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
