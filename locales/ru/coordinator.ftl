# Региональный координатор (например, ЦНППМ): организации региона, формы наставничества, вовлечённость.

help-coordinator =
    Команды координатора:
    /region — по муниципалитетам: сколько организаций реализует каждую форму наставничества, вовлечённость обучающихся, итоги
    /region_export — то же в Excel: муниципалитеты и каждая организация
coordinator-only = Эта команда доступна только региональному координатору.
coordinator-usage = Чтобы стать координатором, отправьте код от оператора: /coordinator КОД
coordinator-welcome = Вы координатор: { $region }{ $municipality ->
        [none] {""}
       *[other] , { $municipality }
    }. Сводка — /region, выгрузка в Excel — /region_export.
coordinator-invite-unknown = Такого кода координатора нет. Проверьте код или попросите новый у оператора.
coordinator-invite-used = Этот код уже использован.
coordinator-invite-expired = Срок действия кода истёк. Попросите новый у оператора.

region-title = 🗺 { $region }{ $municipality ->
        [none] {""}
       *[other] , { $municipality }
    }: реализация целевой модели наставничества
region-empty = { $region }{ $municipality ->
        [none] {""}
       *[other] , { $municipality }
    }: организаций пока нет.
region-municipality-line = • { $municipality }: ОО { $organisations }, реализуют наставничество { $running }; { $forms }; { $involvement }
region-organisation-line = • { $organisation }: { $forms }; наставляемых { $mentees }, наставников { $mentors }; { $involvement }
region-no-forms = формы не указаны
region-involved = вовлечено { $involved } из { $total } обучающихся ({ $share } %)
region-involved-unknown = вовлечено { $involved } (численность обучающихся не указана)
region-total = ИТОГО
region-export-hint = Таблица по каждой организации — /region_export.
region-preparing = ⏳ Готовлю выгрузку по региону…
region-export-ready = Выгрузка по региону: организаций { $organisations }, муниципалитетов { $municipalities }.

region-sheet-municipalities = Муниципалитеты
region-sheet-organisations = Организации
region-col-municipality = Муниципальное образование
region-col-organisation = Образовательная организация
region-col-organisations = ОО
region-col-running = Реализуют наставничество
region-col-form = ОО, реализующих модель «{ $form }»
region-col-forms-count = Итого моделей в ОО
region-col-students = Обучающихся
region-col-involved = Вовлечено
region-col-share = Доля, %
region-col-mentees = Наставляемых
region-col-mentors = Наставников
