# Тексты анкет из flows/questionnaires/*.json: заголовки (qn-), вопросы (q-), варианты ответов (opt-).
# Ключ «…-label» — короткая подпись вопроса в сводке ответов и на кнопке «изменить» (до 36 символов).
# Варианты с одинаковым id в анкетах наставляемого и наставника делят один ключ: по ним подбираются пары.

## Общие варианты ответов

opt-topic-studies = Учёба и подготовка к экзаменам
opt-topic-olympiads = Олимпиады и конкурсы
opt-topic-projects = Проекты и исследования
opt-topic-career = Профориентация, выбор профессии
opt-topic-adaptation = Адаптация в коллективе
opt-topic-communication = Общение и уверенность в себе
opt-topic-creativity = Творчество
opt-topic-sport = Спорт
opt-topic-digital = Цифровые навыки
opt-topic-teaching = Педагогам: методика и уроки
opt-topic-classroom = Педагогам: работа с классом

opt-time-weekday-afternoon = Будни, днём после уроков
opt-time-weekday-evening = Будни, вечером
opt-time-weekend = Выходные

opt-format-online = Онлайн
opt-format-in-person = Очно
opt-format-any = Подойдёт любой

opt-role-student = Ученик или ученица школы
opt-role-college-student = Студент(ка) колледжа
opt-role-teacher = Педагог
opt-role-graduate = Выпускник или выпускница
opt-role-employer = Специалист предприятия
opt-role-university-student = Студент(ка) вуза или колледжа
opt-role-parent = Родитель ученика

opt-form-student-student = Ученик – ученик
opt-form-teacher-teacher = Учитель – учитель
opt-form-teacher-student = Учитель – ученик
opt-form-university-student = Студент – ученик
opt-form-employer-student = Работодатель – ученик
opt-form-employer-university = Работодатель – студент

## Анкета наставляемого при вступлении

qn-mentee-intake = Знакомство: наставляемый

q-mentee-intake-full-name = Давайте знакомиться! Как вас зовут? Напишите фамилию и имя.
q-mentee-intake-full-name-label = Фамилия и имя
q-mentee-intake-role-group = Вы учитесь в школе, в колледже или работаете педагогом?
q-mentee-intake-role-group-label = Кто вы
q-mentee-intake-grade = В каком вы классе или на каком курсе? Например: 7Б или 2 курс, «Программирование».
q-mentee-intake-grade-label = Класс или курс
q-mentee-intake-position = Какая у вас должность и что вы ведёте? Например: учитель математики, 5–7 классы, первый год в школе.
q-mentee-intake-position-label = Должность
q-mentee-intake-requests = С чем вам хотелось бы помощи наставника? Выберите всё, что подходит.
q-mentee-intake-requests-label = С чем нужна помощь
q-mentee-intake-interests = Чем вы увлекаетесь? Любимые предметы, кружки, хобби — пары слов достаточно.
q-mentee-intake-interests-label = Интересы
q-mentee-intake-difficulties = Что сейчас даётся труднее всего? Если не хочется об этом писать, нажмите «Пропустить».
q-mentee-intake-difficulties-label = Трудности
q-mentee-intake-goals = Чего вы хотите добиться вместе с наставником? Например: подтянуть математику, сделать проект к конференции, определиться с профессией.
q-mentee-intake-goals-label = Цели
q-mentee-intake-format = Как вам удобнее встречаться с наставником?
q-mentee-intake-format-label = Формат встреч
q-mentee-intake-free-time = Когда у вас обычно есть время на встречи?
q-mentee-intake-free-time-label = Свободное время

## Анкета наставника при вступлении

qn-mentor-intake = Знакомство: наставник

q-mentor-intake-full-name = Спасибо, что готовы стать наставником! Как вас зовут? Напишите фамилию, имя и отчество (если есть).
q-mentor-intake-full-name-label = ФИО
q-mentor-intake-role-group = Кем вы приходите в программу?
q-mentor-intake-role-group-label = Кто вы
q-mentor-intake-organisation = Где вы работаете или учитесь и кем? Например: школа № 5, учитель физики; или завод «Прогресс», инженер-конструктор.
q-mentor-intake-organisation-label = Место работы или учёбы
q-mentor-intake-competences = В чём вы можете помочь наставляемому? Выберите всё, что подходит.
q-mentor-intake-competences-label = Чем могу помочь
q-mentor-intake-experience = Расскажите о своём опыте: сколько лет вы в профессии или в учёбе, были ли уже наставником, вели ли кружки, проекты, команды на олимпиадах.
q-mentor-intake-experience-label = Опыт
q-mentor-intake-capacity = Скольких наставляемых вы готовы вести одновременно?
q-mentor-intake-capacity-label = Сколько наставляемых
q-mentor-intake-free-time = Когда у вас обычно есть время на встречи?
q-mentor-intake-free-time-label = Свободное время
q-mentor-intake-forms = В каких формах наставничества вы готовы участвовать?
q-mentor-intake-forms-label = Формы наставничества
q-mentor-intake-format = Как вам удобнее встречаться с наставляемыми?
q-mentor-intake-format-label = Формат встреч

## Анкета удовлетворённости наставляемого (в конце программы)

qn-mentee-satisfaction = Итоги программы: наставляемый

q-mentee-satisfaction-comfort = Программа подходит к концу — расскажите, как всё прошло. Насколько комфортно вам было общаться с наставником? 1 — совсем некомфортно, 10 — очень комфортно.
q-mentee-satisfaction-comfort-label = Комфорт общения
q-mentee-satisfaction-usefulness = Насколько полезными для вас были встречи с наставником? 1 — бесполезными, 10 — очень полезными.
q-mentee-satisfaction-usefulness-label = Польза встреч
q-mentee-satisfaction-support = Насколько вы чувствовали поддержку наставника? 1 — совсем не чувствовал(а), 10 — всегда чувствовал(а).
q-mentee-satisfaction-support-label = Поддержка наставника
q-mentee-satisfaction-expectations = Насколько программа оправдала ваши ожидания? 1 — совсем не оправдала, 10 — полностью.
q-mentee-satisfaction-expectations-label = Ожидания
q-mentee-satisfaction-most-valuable = Что было самым ценным в работе с наставником?
q-mentee-satisfaction-most-valuable-label = Самое ценное
q-mentee-satisfaction-missing = Чего вам не хватило? Что стоит изменить в следующий раз?
q-mentee-satisfaction-missing-label = Чего не хватило
q-mentee-satisfaction-continue = Хотели бы вы продолжить работу с наставником?
q-mentee-satisfaction-continue-label = Продолжить с наставником
q-mentee-satisfaction-become-mentor = Хотели бы вы сами когда-нибудь стать наставником?
q-mentee-satisfaction-become-mentor-label = Стать наставником

## Анкета удовлетворённости наставника (в конце программы)

qn-mentor-satisfaction = Итоги программы: наставник

q-mentor-satisfaction-comfort = Программа подходит к концу — поделитесь, как всё прошло. Насколько комфортно вам было общаться с наставляемыми? 1 — совсем некомфортно, 10 — очень комфортно.
q-mentor-satisfaction-comfort-label = Комфорт общения
q-mentor-satisfaction-usefulness = Насколько полезными, по-вашему, были встречи для наставляемых? 1 — бесполезными, 10 — очень полезными.
q-mentor-satisfaction-usefulness-label = Польза встреч
q-mentor-satisfaction-support = Насколько вы чувствовали поддержку куратора программы? 1 — совсем не чувствовал(а), 10 — всегда чувствовал(а).
q-mentor-satisfaction-support-label = Поддержка куратора
q-mentor-satisfaction-expectations = Насколько программа оправдала ваши ожидания? 1 — совсем не оправдала, 10 — полностью.
q-mentor-satisfaction-expectations-label = Ожидания
q-mentor-satisfaction-meeting-organisation = Насколько хорошо были организованы встречи: время, место, связь? 1 — очень плохо, 10 — отлично.
q-mentor-satisfaction-meeting-organisation-label = Организация встреч
q-mentor-satisfaction-tasks-clarity = Насколько понятны были задачи программы и ваша роль в ней? 1 — совсем непонятны, 10 — полностью понятны.
q-mentor-satisfaction-tasks-clarity-label = Понятность задач
q-mentor-satisfaction-most-valuable = Что было самым ценным для вас как для наставника?
q-mentor-satisfaction-most-valuable-label = Самое ценное
q-mentor-satisfaction-missing = Чего не хватило: материалов, времени, поддержки? Что стоит изменить в следующий раз?
q-mentor-satisfaction-missing-label = Чего не хватило
q-mentor-satisfaction-continue = Готовы ли вы быть наставником в следующем цикле программы?
q-mentor-satisfaction-continue-label = Наставник в следующем цикле
q-mentor-satisfaction-recommend = Порекомендуете ли вы коллегам или знакомым стать наставниками?
q-mentor-satisfaction-recommend-label = Рекомендую наставничество
