# Завершение программы (этап 7), мониторинг и отчёты куратора: рефлексия, удовлетворённость до и после,
# SWOT куратора, номинации наставников, /report, /export, /order, /chart.

help-reports =
    Итоги и отчёты:
    /report — сводка программы: участники, пары, встречи, оценки, удовлетворённость до и после, вовлечённость обучающихся (цель — 70 %)
    /export — выгрузка в Excel: участники, ответы, пары, встречи, отметки, рефлексия
    /order — приказ «О закреплении наставнических пар/групп» (Word)
    /chart — график встреч по неделям и удовлетворённости до и после
    /complete — завершить одну пару по окончании срока
    /finish — завершить программу: участники получат рефлексию и анкету удовлетворённости
    /swot — анкета куратора: сильные и слабые стороны программы
    /award — выдвинуть наставника на награждение

## Общие слова отчётов и документов
report-anonymous = (участник отозвал согласие)
report-yes = да
report-no = нет
report-role = { $role ->
        [mentee] наставляемый
        [mentor] наставник
       *[curator] куратор
    }
report-status = { $status ->
        [joined] присоединился
        [consented] дал согласие
        [questionnaire_done] заполнил анкету
       *[withdrawn] отозвал согласие
    }
report-readiness = { $readiness ->
        [interviewed] собеседование пройдено
        [trained] обучение пройдено
       *[ready] готов к работе
    }
report-pair-status = { $status ->
        [proposed] предложена
        [active] работает
        [declined] не сложилась
        [completed] завершена
       *[ended_early] завершена досрочно
    }
report-meeting-format = { $format ->
        [online] онлайн
       *[in_person] очно
    }
report-meeting-status = { $status ->
        [proposed] предложена
        [scheduled] запланирована
        [held] состоялась
        [missed] не состоялась
       *[cancelled] отменена
    }
report-form = { $form ->
        [student_student] ученик – ученик
        [teacher_teacher] учитель – учитель
        [teacher_student] учитель – ученик
        [university_student] студент – ученик
        [employer_student] работодатель – ученик
        [employer_university] работодатель – студент
        [organisation_organisation] организация – организация
       *[none] форма не указана
    }
report-item = { $item ->
        [comfort] Комфорт общения
        [usefulness] Польза встреч
        [support] Поддержка
        [expectations] Ожидания
        [meeting_organisation] Организация встреч
       *[tasks_clarity] Понятность задач
    }

## /report
report-title = 📊 Программа «{ $programme }» ({ $organisation })
report-participants = Участники: наставляемых { $mentees } (анкету заполнили { $menteesDone }), наставников { $mentors } (анкету заполнили { $mentorsDone }).
report-withdrawn = Из них отозвали согласие: { $count } — учтены только в числах, без имён и ответов.
report-by-form-title = По формам наставничества (участники сформированных пар):
report-by-form-line = • { $form }: наставляемых { $mentees }, наставников { $mentors }
report-pairs = Пар и групп сформировано: { $formed } (работают { $active }, завершены { $completed }, досрочно { $endedEarly }); ждут подтверждения: { $proposed }.
report-unpaired = Наставляемых без пары: { $count }.
report-meetings = Встречи: запланировано { $planned }, состоялось { $held }, не состоялось { $missed }.
report-rating = Средняя оценка встреч: { $average } из 5 ({ $count } { $count ->
        [one] отметка
        [few] отметки
       *[many] отметок
    }).
report-rating-none = Оценок встреч пока нет.
report-satisfaction-title = Удовлетворённость { $role ->
        [mentee] наставляемых
       *[mentor] наставников
    }, 1–10 (до → после):
report-satisfaction-line = • { $item }: { $before } → { $after } ({ $change }; ответов { $beforeCount } и { $afterCount })
report-reflections = Рефлексию прошли: наставляемых { $mentees }, наставников { $mentors }.
report-nominations = Выдвижений наставников на награждение: { $count }.
report-involvement = Вовлечено обучающихся: { $involved } из { $total } — { $share } % (цель { $target } %{ $reached ->
        [yes] , достигнута ✅
       *[no] , пока не достигнута
    }).
report-involvement-unknown = Вовлечено обучающихся: { $involved }. Долю от цели 70 % посчитать нельзя: не указано число обучающихся организации (оператор: org:create --students).
report-files-hint = Файлы: /export — Excel, /order — приказ, /chart — график.
report-preparing = ⏳ Готовлю { $what ->
        [export] выгрузку
        [order] приказ
       *[chart] график
    }…
report-export-ready = Выгрузка программы: участников { $participants }, пар { $pairs }, встреч { $meetings }. Файл содержит персональные данные — храните его только в организации.
report-order-ready = Проект приказа «О закреплении наставнических пар/групп»: { $pairs } { $pairs ->
        [one] пара или группа
        [few] пары или группы
       *[many] пар или групп
    }. Проверьте даты и заполните номер и дату приказа.
report-order-no-pairs = Подтверждённых пар пока нет: приказ составляется по парам, которые подтвердили все участники.
report-chart-ready = График: встречи по неделям ({ $weeks } нед.) и удовлетворённость до и после.

## Картинка
chart-title = Программа «{ $programme }»
chart-meetings-title = Встречи по неделям
chart-no-meetings = Встреч пока не было.
chart-held = состоялись
chart-missed = не состоялись
chart-planned = запланированы
chart-satisfaction-title = Удовлетворённость (1–10): до и после
chart-no-satisfaction = Ответов об удовлетворённости пока нет.
chart-before = в начале
chart-after = в конце
chart-item = { $item } · { $role ->
        [mentee] наставл.
       *[mentor] наставн.
    }

## Excel
xlsx-sheet-participants = Участники
xlsx-sheet-answers = Ответы
xlsx-sheet-pairs = Пары
xlsx-sheet-meetings = Встречи
xlsx-sheet-checkins = Отметки о встречах
xlsx-sheet-reflections = Рефлексия
xlsx-sheet-nominations = Награждение
xlsx-col-name = ФИО
xlsx-col-role = Роль
xlsx-col-status = Статус
xlsx-col-readiness = Готовность наставника
xlsx-col-joined = Присоединился
xlsx-col-questionnaire = Анкета
xlsx-col-version = Версия
xlsx-col-question = Вопрос
xlsx-col-answer = Ответ
xlsx-col-response-status = Анкета отправлена
xlsx-response-submitted = да
xlsx-response-in-progress = нет, заполняется
xlsx-col-answered = Дата ответа
xlsx-col-pair = Пара
xlsx-col-form = Форма наставничества
xlsx-col-pair-status = Состояние
xlsx-col-mentors = Наставник(и)
xlsx-col-mentees = Наставляемые
xlsx-col-created = Предложена
xlsx-col-activated = Работает с
xlsx-col-ended = Завершена
xlsx-col-end-reason = Причина завершения
xlsx-col-starts = Дата и время
xlsx-col-format = Формат
xlsx-col-topic = Тема
xlsx-col-meeting-status = Состояние встречи
xlsx-col-meeting = Встреча
xlsx-col-happened = Состоялась
xlsx-col-rating = Оценка (1–5)
xlsx-col-summary = Итог встречи
xlsx-col-next-step = Следующий шаг
xlsx-col-reflection = { $question ->
        [goals_met] Цели достигнуты
        [achieved] Чего достигли
        [helped] Что помогло
       *[hindered] Что мешало
    }
xlsx-col-satisfaction-before = { $item }: в начале
xlsx-col-satisfaction-after = { $item }: в конце
xlsx-col-most-valuable = Самое ценное
xlsx-col-missing = Чего не хватило
xlsx-col-continue = Продолжить
xlsx-col-become-mentor = Стать наставником
xlsx-col-mentor = Наставник
xlsx-col-by-mentees = Выдвинули наставляемые
xlsx-col-by-curator = Выдвинул куратор

## Приказ (по образцу региональных методических рекомендаций)
order-title = П Р И К А З
order-number-line = «__» ____________ 20__ г.                                        № _______
order-subject = О закреплении наставнических пар/групп
order-preamble = В соответствии с Положением о программе наставничества в { $organisation }, в целях организации наставничества по программе «{ $programme }»,
order-decree = п р и к а з ы в а ю:
order-date = «{ $day }» { $month ->
        [1] января
        [2] февраля
        [3] марта
        [4] апреля
        [5] мая
        [6] июня
        [7] июля
        [8] августа
        [9] сентября
        [10] октября
        [11] ноября
       *[12] декабря
    } { $year } г.
order-date-blank = «__» ____________ 20__ г.
order-item = { $n }. Закрепить с { $from } по { $to } { $group ->
        [yes] наставническую группу
       *[no] наставническую пару
    }:
order-member = { $n } { $name }{ $detail } ({ $role ->
        [mentor] наставник
       *[mentee] наставляемый
    }){ $end ->
        [last] .
       *[more] ;
    }
order-consent = { $name } ({ $date })
order-basis = Основание: согласие участников, подтверждённое в чат-боте программы: { $consents }.
order-control = { $n }. Контроль за выполнением настоящего приказа возложить на куратора программы наставничества { $controller }________________.
order-signature = Директор                                        ________________ / ________________

## Завершение: программа, пара, рефлексия
reports-finish-confirm =
    Завершить программу «{ $programme }»?
    Работающих пар: { $pairs }. Они будут завершены, а наставники и наставляемые получат рефлексию (чего достигли по целям, что помогло, что нет) и анкету удовлетворённости. Неподтверждённые предложения пар будут закрыты.
reports-finish-yes = Да, завершить программу
reports-finish-no = Нет, не сейчас
reports-finish-kept = Хорошо, ничего не меняю.
reports-finish-reason = программа завершена
reports-finished = Программа завершена: пар завершено { $pairs }, участников получили рефлексию: { $people }{ $proposals ->
        [0] {""}
       *[other] , закрыто неподтверждённых предложений: { $proposals }
    }. Теперь ваша часть: анкета о сильных и слабых сторонах программы.
reports-complete-none = Работающих пар нет.
reports-complete-choose = Работающих пар: { $count }. Выберите пару, срок которой закончился (показаны первые { $shown }):
reports-complete-pair-button = { $mentors } — { $mentees }
reports-complete-confirm = Завершить пару { $mentors } — { $mentees }? Участники получат рефлексию и анкету удовлетворённости.
reports-complete-yes = Да, завершить пару
reports-complete-reason = срок работы пары закончился
reports-pair-not-active = Эта пара уже не работает: её нельзя завершить.
reports-pair-completed = Пара завершена. Участников получили рефлексию: { $people }.
reports-reflection-request = Программа «{ $programme }» подходит к концу. Подведём итоги: { $role ->
        [mentee] чего вы достигли вместе с наставником
       *[mentor] чего достиг ваш наставляемый вместе с вами
    }, что помогло и что нет. Потом — несколько вопросов об удовлетворённости (1–10). Это займёт 5 минут.
reports-reflection-goals =
    Цели, которые вы ставили:
    { $goals }
reports-reflection-no-goals = Вспомните, какие цели вы ставили в начале.
reports-reflection-button = ✍️ Подвести итоги
reports-term-end-reason = срок программы закончился
reports-term-ended =
    Срок программы «{ $programme }» закончился { $endsOn }: программа завершена автоматически. Пар завершено: { $pairs }, участников получили рефлексию: { $people }{ $proposals ->
        [0] {""}
       *[other] , закрыто неподтверждённых предложений: { $proposals }
    }.
    Ваша часть итогов — анкета о сильных и слабых сторонах программы: /swot. Сводка — /report, выгрузка — /export.
reports-reflection-done = Спасибо, вы уже ответили на все итоговые вопросы.
reports-button-stale = Эта кнопка уже не действует.
reports-swot-done = Анкета куратора уже отправлена. Спасибо!

## «До»: те же вопросы в начале, чтобы показать изменение
reports-before-button = 📈 Ещё 4–6 вопросов об ожиданиях

## Номинации наставников
reports-nominate-offer = { $count ->
        [one] Хотите выдвинуть своего наставника на награждение по итогам программы?
       *[other] Хотите выдвинуть кого-то из наставников на награждение по итогам программы?
    }
reports-nominate-button = 🏅 { $name }
reports-nominate-skip = Нет, спасибо
reports-nominate-skipped = Хорошо. Спасибо за ответы!
reports-nominated = Спасибо! Выдвижение передано куратору.
reports-nominated-already = Вы уже выдвигали этого наставника.
reports-award-choose = Кого из наставников выдвинуть на награждение?
reports-award-none = Наставников в сформированных парах пока нет.

## Отзыв согласия: куратору
reports-withdrawn-curator = Участник программы «{ $programme }» ({ $role ->
        [mentee] наставляемый
       *[mentor] наставник
    }) отозвал согласие на обработку персональных данных. Его имя и ответы удалены; в отчётах он учитывается только в числах.{ $pairs ->
        [0] {""}
       *[other] { " " }Пар завершено досрочно: { $pairs }{ $partners ->
            [none] .
           *[other] { " " }(вторая сторона: { $partners }).
        }
    }
reports-withdrawn-reason = участник отозвал согласие

## Анкеты: в начале (ожидания), рефлексия, SWOT куратора
qn-mentee-satisfaction-start = Ваши ожидания от программы
q-mentee-satisfaction-start-comfort = Прежде чем начать — несколько оценок от 1 до 10. В конце программы я спрошу то же самое, и мы увидим, что изменилось. Насколько комфортным, по-вашему, будет общение с наставником? 1 — совсем некомфортным, 10 — очень комфортным.
q-mentee-satisfaction-start-comfort-label = Комфорт общения
q-mentee-satisfaction-start-usefulness = Насколько полезными, по-вашему, будут встречи с наставником? 1 — бесполезными, 10 — очень полезными.
q-mentee-satisfaction-start-usefulness-label = Польза встреч
q-mentee-satisfaction-start-support = Насколько вы сейчас чувствуете, что вас есть кому поддержать в учёбе и делах? 1 — совсем нет, 10 — всегда.
q-mentee-satisfaction-start-support-label = Поддержка
q-mentee-satisfaction-start-expectations = Насколько вы уверены, что программа поможет вам с тем, о чём вы написали в анкете? 1 — совсем не уверен(а), 10 — полностью уверен(а).
q-mentee-satisfaction-start-expectations-label = Ожидания
qn-mentor-satisfaction-start = Ваши ожидания от программы
q-mentor-satisfaction-start-comfort = Прежде чем начать — несколько оценок от 1 до 10. В конце программы я спрошу то же самое, и мы увидим, что изменилось. Насколько комфортным, по-вашему, будет общение с наставляемыми? 1 — совсем некомфортным, 10 — очень комфортным.
q-mentor-satisfaction-start-comfort-label = Комфорт общения
q-mentor-satisfaction-start-usefulness = Насколько полезными, по-вашему, будут встречи для наставляемых? 1 — бесполезными, 10 — очень полезными.
q-mentor-satisfaction-start-usefulness-label = Польза встреч
q-mentor-satisfaction-start-support = Насколько вы чувствуете поддержку куратора программы? 1 — совсем не чувствую, 10 — полностью.
q-mentor-satisfaction-start-support-label = Поддержка куратора
q-mentor-satisfaction-start-expectations = Насколько вы уверены, что программа даст то, чего вы от неё ждёте? 1 — совсем не уверен(а), 10 — полностью уверен(а).
q-mentor-satisfaction-start-expectations-label = Ожидания
q-mentor-satisfaction-start-meeting-organisation = Насколько понятно, как будут организованы встречи: время, место, связь? 1 — совсем непонятно, 10 — полностью понятно.
q-mentor-satisfaction-start-meeting-organisation-label = Организация встреч
q-mentor-satisfaction-start-tasks-clarity = Насколько понятны задачи программы и ваша роль в ней? 1 — совсем непонятны, 10 — полностью понятны.
q-mentor-satisfaction-start-tasks-clarity-label = Понятность задач

qn-mentee-reflection = Итоги: рефлексия наставляемого
q-mentee-reflection-goals-met = Насколько вы достигли целей, которые ставили вместе с наставником?
q-mentee-reflection-goals-met-label = Цели достигнуты
q-mentee-reflection-achieved = Чего вы достигли за время программы? Напишите своими словами: что получилось, чему научились.
q-mentee-reflection-achieved-label = Чего достигли
q-mentee-reflection-helped = Что больше всего помогло двигаться к целям?
q-mentee-reflection-helped-label = Что помогло
q-mentee-reflection-hindered = Что не помогло или мешало?
q-mentee-reflection-hindered-label = Что мешало
qn-mentor-reflection = Итоги: рефлексия наставника
q-mentor-reflection-goals-met = Насколько ваш наставляемый достиг целей, которые вы ставили вместе?
q-mentor-reflection-goals-met-label = Цели достигнуты
q-mentor-reflection-achieved = Чего достиг наставляемый и чего достигли вы сами за время программы?
q-mentor-reflection-achieved-label = Чего достигли
q-mentor-reflection-helped = Что помогло в работе: приёмы, материалы, поддержка?
q-mentor-reflection-helped-label = Что помогло
q-mentor-reflection-hindered = Что не помогло или мешало?
q-mentor-reflection-hindered-label = Что мешало
opt-goals-fully = Полностью
opt-goals-mostly = Большей частью
opt-goals-partly = Частично
opt-goals-not-met = Не достигнуты

qn-curator-swot = Анкета куратора: SWOT-анализ программы
q-curator-swot-strengths = Сильные стороны программы: что получилось лучше всего?
q-curator-swot-strengths-label = Сильные стороны
q-curator-swot-weaknesses = Слабые стороны: что не получилось или получилось хуже, чем ожидалось?
q-curator-swot-weaknesses-label = Слабые стороны
q-curator-swot-opportunities = Возможности: что может усилить программу в следующем цикле (партнёры, ресурсы, новые формы)?
q-curator-swot-opportunities-label = Возможности
q-curator-swot-threats = Угрозы: что может помешать программе в следующем цикле?
q-curator-swot-threats-label = Угрозы
q-curator-swot-overall = Как вы в целом оцениваете, насколько программа достигла своих целей? 1 — совсем не достигла, 10 — полностью.
q-curator-swot-overall-label = Общая оценка
