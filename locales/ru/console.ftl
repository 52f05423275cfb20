# Консоль руководителя проекта: роли, статистика, выгрузки, черновик отчёта, журнал действий.

console-yes = Да
console-no = Нет
console-yes-button = ✅ Да
console-no-button = ✖️ Нет
console-total = Всего
console-unknown = Не указано
console-overseer-only = Это может сделать только руководитель проекта.

## Роли

console-roles-title =
    <b>👥 Роли</b>

    <b>Руководители проекта</b> (задаются в ADMIN_IDS на сервере): { $overseer_count }
    { $overseers }

    <b>Организаторы</b>: { $organiser_count ->
        [0] пока нет
       *[other] { $organiser_count } — нажмите, чтобы посмотреть или снять роль
    }

    Организаторы ведут очередь регистраций, вопросы, регистрацию присутствия и рассылки, видят статистику. Только руководитель проекта управляет ролями, выгружает персональные данные и удаляет данные.
console-roles-add = ➕ Добавить организатора
console-roles-ask-id =
    <b>Новый организатор</b>

    Перешлите мне любое сообщение этого человека или пришлите его числовой Telegram ID (его можно узнать у @userinfobot).
console-roles-bad-id = Это не Telegram ID. Пришлите только цифры (например, 123456789) или перешлите сообщение этого человека.
console-roles-hidden = Настройки приватности этого человека скрывают его в пересланных сообщениях. Пришлите, пожалуйста, его числовой Telegram ID.
console-roles-already-overseer = Этот человек уже руководитель проекта (ADMIN_IDS).
console-roles-already-organiser = Этот человек уже организатор.
console-roles-confirm-add = Сделать <b>{ $name }</b> организатором?{ $note }
console-roles-not-met = Он ещё не писал боту: когда напишет, команда /admin откроет ему меню организаторов.
console-roles-confirm-remove = Снять роль организатора с <b>{ $name }</b>?
console-roles-member =
    <b>👤 { $name }</b>
    Организатор с { $added_at }
    Добавил(а): { $added_by }
console-roles-remove = 🗑 Снять роль организатора
console-roles-added = Организатор добавлен.
console-roles-removed = Роль организатора снята.
console-roles-granted-notice = Теперь вы организатор семинара. Команда /admin открывает меню организаторов.
console-roles-revoked-notice = Ваша роль организатора семинара снята.

## Статистика

console-scope-registered = Зарегистрированы
console-scope-approved = Одобрены
console-scope-attended = Присутствовали
console-scope-registered-short = Рег
console-scope-approved-short = Одоб
console-scope-attended-short = Прис
console-stats-gender = Пол
console-stats-sector = Сектор
console-stats-role = Роль
console-stats-economy = Эк.
console-stats-funded-short = Фин
console-stats-alternates-short = Рез
console-stats-women = Женщины
console-stats-tab-overview = 📊 Итоги
console-stats-tab-economies = 🌏 Экономики
console-stats-tab-profile = 🏷 Профиль
console-stats-tab-surveys = 📋 Опросы
console-stats-charts = 📈 Графики
console-stats-overview =
    <b>📊 Участие</b>
    Зарегистрированы { $registered } · одобрены { $approved } · присутствовали { $attended }
    { $statuses } · черновики { $drafts }{ $erased }

    <b>По полу</b>
    { $gender_table }
    <b>Финансирование</b> (зарегистрированные): финансируются { $funding_funded }, резерв { $funding_alternate }, сверх квоты { $funding_waitlisted }, не решено { $funding_pending }, за свой счёт { $funding_self_funded }
    <b>Номинированные женщины</b>: цель ({ $women_target }) достигнута в { $women_met } из { $women_applied } экономик

    <b>Присутствие по дням</b>
    { $attendance }
console-stats-economies =
    <b>🌏 По экономикам</b>
    { $economy_table }
    Заявок пока нет: { $idle }
    ♀ — номинированные женщины (цель { $women_target }). Фин, Рез — занятые финансируемые и резервные места из { $quota } и { $alternates } (только для экономик с правом на финансирование).
console-stats-profile =
    <b>🏷 По секторам</b>
    { $sector_table }
    <b>По ролям</b>
    { $role_table }
console-stats-surveys =
    <b>📋 Доля ответивших</b>

    { $surveys }
console-stats-survey-rate = <b>{ $title }</b>: { $responded } из { $audience } { $unit ->
        [economies] { $audience ->
            [one] экономики
           *[other] экономик
        }
       *[other] { $audience ->
            [one] человека
           *[other] человек
        }
    } ({ $percent }%)
console-stats-economies-submitted = ✅ Ответили: { $codes }
console-stats-economies-in-progress = ✏️ Заполняют: { $codes }
console-stats-economies-not-started = ⏳ Не начинали: { $codes }
console-stats-travel = ✈️ Данные о поездке у подтверждённых: заполнены { $complete } · не хватает { $missing }
console-stats-erased = Удалены по просьбе участников: { $count } (выше не учтены)
console-stats-no-surveys = В файле мероприятия нет опросов.
console-chart-gender = Участники по полу ({ $scope })
console-chart-economies = Зарегистрированные участники и номинированные женщины по экономикам
console-chart-attendance = Присутствие по дням
console-chart-surveys = Доля ответивших на опросы, %

## Выгрузки

console-exports-title =
    <b>📤 Выгрузки</b>
    Все листы: участники, история статусов, присутствие, ответы на опросы, вопросы, рассылки, журнал действий, роли. Здесь есть персональные данные: храните файл бережно.
console-exports-xlsx = 📗 Книга Excel (XLSX)
console-exports-csv = 🗜 Файлы CSV (ZIP)
console-export-usage = Отправьте /export, чтобы получить книгу Excel, или /export csv — файлы CSV в архиве ZIP.
console-export-started = ⏳ Готовлю выгрузку…
console-export-progress = ⏳ Готовлю выгрузку… { $percent }% (строк: { $done } из { $total })
console-export-done = ✅ Выгрузка готова: строк — { $rows }, файлов — { $files } ({ $seconds } с).
console-export-failed = ⚠️ Выгрузка не удалась. Попробуйте, пожалуйста, позже.
console-export-caption = Выгрузка { $format }, строк: { $rows }{ $parts ->
        [1] {""}
       *[other] , часть { $part } из { $parts }
    }. Персональные данные: храните бережно.

## Отчёт

console-report-progress = ⏳ Готовлю черновик отчёта…
console-report-done = ✅ Черновик отчёта готов. Откройте его в Word и допишите рекомендации.
console-report-failed = ⚠️ Не удалось подготовить отчёт. Попробуйте, пожалуйста, позже.
console-report-caption = Черновик итогового отчёта (DOCX)
console-report-title = Итоговый отчёт (черновик)
console-report-generated = Подготовлено ботом семинара { $at }. Проверьте все цифры, прежде чем отправлять отчёт.
console-report-facts = Сведения о мероприятии
console-report-fact-title = Название
console-report-fact-dates = Даты
console-report-fact-venue = Место проведения
console-report-fact-host = Принимающая сторона
console-report-fact-forum = Профильный форум
console-report-fact-proposing = Экономика-инициатор
console-report-fact-cosponsors = Экономики-соспонсоры
console-report-fact-economies = Экономики-участницы
console-report-fact-eligible = Экономики с правом на финансирование
console-report-fact-days = Дней
console-report-fact-sessions = Сессий
console-report-fact-speakers = Докладчики
console-report-speakers-value = { $total } (из них женщин: { $women })
console-report-participation = Участие
console-report-participation-summary = Зарегистрировались { $registered }, одобрены { $approved }, присутствовали { $attended }; одобренные участники представляли экономик: { $economies }.
console-report-erased = Регистраций, удалённых по просьбе участников: { $count }; в таблицах ниже они не учтены. Их статусы: { $statuses }; пол: { $genders }.
console-report-by-status = Регистрации по статусам
console-report-by-gender = Распределение по полу
console-report-by-sector = По секторам
console-report-by-role = По ролям
console-report-by-economy = По экономикам
console-report-col-item = Показатель
console-report-col-value = Значение
console-report-col-status = Статус
console-report-col-count = Количество
console-report-col-gender = Пол
console-report-col-share = Доля
console-report-col-sector = Сектор
console-report-col-role = Роль
console-report-col-economy = Экономика
console-report-col-women = Номинировано женщин
console-report-col-funded = Финансируемые места
console-report-col-alternates = Резерв
console-report-col-self-funded = За свой счёт
console-report-col-day = День
console-report-col-theme = Тема
console-report-col-session = Сессия
console-report-col-ratings = Оценок
console-report-col-mean = Средняя
console-report-col-answer = Ответ
console-report-total = Всего
console-report-funding = Финансирование зарегистрированных участников: финансируются { $funded }, резерв { $alternate }, сверх квоты { $waitlisted }, не решено { $pending }, за свой счёт { $self_funded }.
console-report-women-target = Экономик, номинировавших не менее { $target } { $target ->
        [one] женщины
       *[other] женщин
    }: { $met } из { $applied } подавших заявки.
console-report-attendance = Присутствие по дням
console-report-questionnaire = Анкета о лучших практиках: результаты по темам
console-report-feedback = Анализ отзывов
console-report-helpdesk = Темы обращений
console-report-helpdesk-total = Вопросов, заданных боту: { $questions }. Передано сотрудникам: { $tickets } (с ответом: { $answered }).
console-report-other-questions = Другие вопросы
console-report-no-survey = В файле мероприятия нет такого опроса.
console-report-answered-by = Ответившие экономики: { $economies }.
console-report-range = от { $low } до { $high }
console-report-mean-word = среднее
console-report-median-word = медиана
console-report-theme-unmatched = Нет ответа в FAQ
console-report-recommendations = Рекомендации
console-report-recommendations-placeholder = [Заполняет руководитель проекта: рекомендации и дальнейшие мероприятия с опорой на приведённые выше результаты.]
console-report-no-data = Данных пока нет.
console-report-no-answers = Ответов нет.
console-report-responses = { $title }: ответили { $responses } из { $audience } { $unit ->
        [economies] { $audience ->
            [one] экономики
           *[other] экономик
        }
       *[other] { $audience ->
            [one] человека
           *[other] человек
        }
    }.
console-report-answered = Ответили: { $answered }
console-report-mean = в среднем { $mean }

## Журнал действий

console-audit-title =
    <b>🧾 Журнал действий</b> ({ $total }), страница { $page } из { $pages }

    { $entries }
console-audit-empty = Пока ничего не записано.
console-audit-system = система
console-audit-newer = ⬅️ Новее
console-audit-older = Старше ➡️

## Листы и столбцы выгрузки

console-sheet-participants = Участники
console-sheet-history = История статусов
console-sheet-attendance = Присутствие
console-sheet-audit = Журнал действий
console-sheet-roles = Роли
console-sheet-tickets = Вопросы сотрудникам
console-sheet-broadcasts = Рассылки
console-sheet-failures = Недоставленные
console-col-response = № ответа
console-col-economy = Экономика
console-col-respondent = Респондент
console-col-session-rating = Оценка: { $session }
console-col-ticket = № обращения
console-col-question = Вопрос
console-col-answered = Ответ дан
console-col-answered-by = Кем отвечено (Telegram ID)
console-col-closed = Закрыто
console-col-messages = Сообщений
console-col-last-answer = Последний ответ
console-col-broadcast = № рассылки
console-col-kind = Вид
console-col-title = Название
console-col-state = Состояние
console-col-audience = Аудитория
console-col-created-by = Кем создана (Telegram ID)
console-col-scheduled = Запланирована на
console-col-started = Начата
console-col-finished = Завершена
console-col-recipients = Получателей
console-col-delivery-pending = Ожидают
console-col-delivery-sending = Отправляются
console-col-delivery-sent = Доставлено
console-col-delivery-blocked = Заблокировали бота
console-col-delivery-failed = Ошибка
console-col-delivery-cancelled = Отменено
console-col-attempts = Попыток
console-col-error = Ошибка
console-col-registration = № регистрации
console-col-user-id = Telegram ID
console-col-username = Имя пользователя
console-col-status = Статус
console-col-economy-code = Код экономики
console-col-funding = Финансирование
console-col-focal-point = Контактное лицо
console-col-language = Язык
console-col-created = Создана
console-col-submitted = Отправлена
console-col-updated = Изменена
console-col-consent-version = Версия уведомления о конфиденциальности
console-col-consent-at = Согласие дано
console-col-travel-details = Данные о поездке
console-col-days-attended = Дней присутствия
console-col-full-name = Полное имя
console-col-at = Когда
console-col-from-status = Было
console-col-to-status = Стало
console-col-actor-id = Кем (Telegram ID)
console-col-reason = Причина
console-col-gender = Пол
console-col-day = День
console-col-checked-in = Отмечен(а)
console-col-method = Способ
console-col-recorded-by = Кем отмечен(а) (Telegram ID)
console-col-entry = № записи
console-col-actor = Кто
console-col-action = Действие
console-col-target = Объект
console-col-details = Подробности
console-col-name = Имя
console-col-role = Роль
console-col-added-by = Кем добавлен(а) (Telegram ID)
console-col-added-at = Добавлен(а)

console-status-draft = черновик
console-status-submitted = отправлена
console-status-approved = одобрена
console-status-waitlisted = в листе ожидания
console-status-rejected = отклонена
console-status-withdrawn = отозвана
console-funding-none = без финансирования
console-funding-funded = финансируется
console-funding-alternate = резерв
console-funding-waitlisted = сверх квоты
console-role-overseer = руководитель проекта
console-role-organiser = организатор
console-economy-intl = Международная организация
console-economy-other = Другое
console-economy-unknown = Не указано
