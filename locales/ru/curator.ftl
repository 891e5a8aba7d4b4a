# Консоль куратора: программа, приглашения, базы наставляемых и наставников, готовность наставников.

curator-only = Эта команда доступна только куратору программы.
help-curator =
    Команды куратора:
    /programme — карточка программы: участники, формы наставничества, сроки, этап; настройки кнопками
    /invite mentee|mentor|curator [дней] [мест] — новая ссылка-приглашение (по умолчанию на 30 дней, без ограничения мест)
    /invites — действующие приглашения, с отзывом
    /mentees — база наставляемых с фильтрами: присоединились, анкета заполнена, в паре, без пары
    /mentors — база наставников (те же фильтры и «готовы»): анкеты и отметки «собеседование», «обучение», «готов»
    /match — подбор пар с оценкой и причинами (и с учётом предпочтений); принять все или по одной
    /pairs — пары и группы по состояниям: карточка с историей, добавить участника в группу, завершить
    /round — раунд предпочтений: участники называют до трёх желаемых партнёров
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

# Карточка программы и её настройки.
programme-ready-unpaired = Готовых наставников: { $ready }. Наставляемых без пары: { $unpaired }
programme-stage-line = Этап: { $stage } из 7 — { $name }
programme-stage = { $stage ->
        [1] Подготовка условий для запуска программы
        [2] Формирование базы наставляемых
        [3] Формирование базы наставников
        [4] Отбор и обучение наставников
        [5] Формирование наставнических пар и групп
        [6] Организация работы наставнических пар и групп
       *[7] Завершение наставничества
    }
programme-dates-line = Сроки: { $starts } – { $ends }
programme-dates-none = Сроки: не заданы
programme-forms-line = Формы наставничества: { $forms }
programme-forms-none = Формы наставничества: не выбраны
programme-form = { $form ->
        [student_student] ученик – ученик
        [teacher_teacher] учитель – учитель
        [teacher_student] учитель – ученик
        [university_student] студент – ученик
        [employer_student] работодатель – ученик
        [employer_university] работодатель – студент
       *[organisation_organisation] организация – организация
    }
programme-pairs-line = Пары и группы: предложено { $proposed }, работают { $active }, завершены { $completed }, не сложились или прекращены { $ended }
programme-self-matching-on = Самостоятельный выбор наставника: включён
programme-self-matching-off = Самостоятельный выбор наставника: выключен
programme-round-open = Раунд предпочтений открыт с { $since }
programme-round-none = Раунд предпочтений не открыт
programme-button-pairs = 🤝 Пары и группы
programme-button-round = ⭐ Раунд предпочтений
programme-button-forms = Формы
programme-button-stage = Этап
programme-button-dates = Сроки
programme-button-self-matching-on = Разрешить наставляемым выбирать самим
programme-button-self-matching-off = Выключить самостоятельный выбор
programme-button-back = ⬅️ К программе
programme-forms-title = Формы наставничества программы. Нажмите на форму, чтобы включить или выключить её.
programme-form-on = Форма «{ $form }» включена.
programme-form-off = Форма «{ $form }» выключена.
programme-stage-title = Текущий этап программы (семь этапов целевой модели). Выберите этап:
programme-stage-saved = Этап { $stage } — { $name }.
programme-dates-prompt = Напишите даты начала и окончания программы, например: 01.09.2026 – 31.05.2027. Отменить — /cancel.
programme-dates-error-format = Не вижу двух дат. Нужны дата начала и дата окончания в виде ДД.ММ.ГГГГ.
programme-dates-error-invalid = Такой даты нет в календаре. Проверьте число и месяц.
programme-dates-error-order = Программа не может закончиться раньше, чем начнётся.
programme-dates-error-range = Год должен быть между 2000 и 2100.
programme-dates-saved = Сроки сохранены: { $starts } – { $ends }.
programme-self-matching-told = Наставляемым без пары сообщено, что они могут выбрать наставника сами: { $count }.

# Базы с фильтрами.
curator-filter = { $filter ->
        [joined] присоединились
        [done] анкета заполнена
        [ready] готовы
        [paired] в паре
        [unpaired] без пары
       *[all] все
    }
curator-base-filtered = Показаны: { $filter }.
curator-base-empty-filter = { $role ->
        [mentee] Наставляемых
       *[mentor] Наставников
    } в списке «{ $filter }» нет.
curator-card-pair-button = Пара № { $id }: { $status ->
        [proposed] предложена
        [active] работает
        [declined] не сложилась
        [completed] завершена
       *[ended_early] прекращена досрочно
    }
