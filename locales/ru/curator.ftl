# Консоль куратора: программа, приглашения, базы наставляемых и наставников, готовность наставников.

curator-only = Эта команда доступна только куратору программы.
help-curator =
    Команды куратора:
    /programme — карточка программы и числа участников
    /invite mentee|mentor|curator [дней] [мест] — новая ссылка-приглашение (по умолчанию на 30 дней, без ограничения мест)
    /invites — действующие приглашения, с отзывом
    /mentees — база наставляемых
    /mentors — база наставников: анкеты и отметки «собеседование», «обучение», «готов»
    /match — подбор пар с оценкой и причинами; принять все или по одной
curator-programme =
    Программа «{ $programme }» ({ $organisation })
    Наставляемых: { $mentees }, анкету заполнили { $menteesDone }
    Наставников: { $mentors }, анкету заполнили { $mentorsDone }
curator-button-mentees = Наставляемые
curator-button-mentors = Наставники
curator-button-back = ⬅️ К списку
curator-invite-usage = Напишите так: /invite mentee 30 50 — роль (mentee, mentor или curator), срок в днях (до 365) и число мест (необязательно).
curator-invite-created =
    Приглашение для роли «{ $role ->
        [mentee] наставляемый
        [mentor] наставник
       *[curator] куратор
    }»: код { $code }
    Действует { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    }{ $uses ->
        [0] {""}
       *[other] , мест: { $uses }
    }.
    Ссылки: { $links }
curator-invites-title = Действующие приглашения:
curator-invites-none = Действующих приглашений нет. Создайте новое: /invite mentee
curator-invite-line = { $code } — { $role ->
        [mentee] наставляемый
        [mentor] наставник
       *[curator] куратор
    }, использовано { $uses }{ $max ->
        [0] {""}
       *[other] из { $max }
    }
curator-button-revoke = Отозвать { $code }
curator-invite-revoked = Приглашение { $code } отозвано.
curator-base-empty = { $role ->
        [mentee] Наставляемых
       *[mentor] Наставников
    } пока нет. Отправьте им ссылку-приглашение: /invite { $role }
curator-base-title = { $role ->
        [mentee] Наставляемые
       *[mentor] Наставники
    }: { $total } (страница { $page } из { $pages }). Нажмите на человека, чтобы открыть анкету.
curator-no-name = (имя не указано)
curator-card-title = { $name } — { $role ->
        [mentee] наставляемый
        [mentor] наставник
       *[curator] куратор
    }
curator-card-status = Статус: { $status }
curator-card-readiness = Готовность наставника: { $readiness }
curator-readiness-saved = Отметка сохранена.
curator-readiness-not-mentor = Отметки готовности ставятся только наставникам.

status-joined = присоединился
status-consented = заполняет анкету
status-questionnaire_done = анкета заполнена
status-withdrawn = отозвал согласие
readiness-interviewed = собеседование
readiness-trained = обучение
readiness-ready = готов
