# Рассылки, напоминания, материалы и движок доставки.

## Раздел

broadcast-hub-title =
    <b>📣 Рассылки и напоминания</b>
    Отправьте сообщение участникам сейчас или позже, настройте план напоминаний и опубликуйте материалы.
broadcast-new = ✍️ Новая рассылка
broadcast-list = 🗓 Запланированные и недавние
broadcast-reminders = ⏰ Напоминания
broadcast-materials = 📚 Материалы
broadcast-back = ⬅️ Назад
broadcast-close = ✖️ Закрыть
broadcast-skip = Пропустить ➡️
broadcast-staff-only = Это доступно только организаторам.

## Составление

broadcast-ask-mode = <b>Новая рассылка</b>
    Один текст для всех или отдельный текст на каждом языке? Во втором случае каждый получит сообщение на своём языке (на английском, если его языка нет).
broadcast-mode-one = 📝 Один текст для всех
broadcast-mode-each = 🌐 Текст на каждом языке
broadcast-ask-text =
    Пришлите текст{ $language ->
        [none] {""}
       *[other] {" "}на языке: <b>{ $language }</b>
    }. Жирный шрифт, курсив и ссылки сохранятся (до { $limit } символов).
broadcast-bad-text = Пришлите текст сообщением (до { $limit } символов).
broadcast-ask-attachment = Приложить фото или документ? Пришлите его сейчас или пропустите этот шаг.
broadcast-bad-attachment = Пришлите фото или документ либо нажмите «Пропустить».
broadcast-ask-button =
    Добавить под сообщением кнопку-ссылку? Пришлите подпись и адрес, например:
    <code>Программа https://example.org/programme</code>
    или пропустите этот шаг.
broadcast-bad-button = Нужны подпись и адрес, начинающийся с https://, например: <code>Программа https://example.org/programme</code>
broadcast-ask-audience = Кому отправить?
broadcast-ask-value = Выберите:
broadcast-no-values = Здесь не из чего выбрать.
broadcast-aud-all = 👥 Всем, кто пользовался ботом
broadcast-aud-status = 🗂 По статусу регистрации
broadcast-aud-role = 🎤 По роли
broadcast-aud-economy = 🌏 По экономике
broadcast-aud-language = 🌐 По языку
broadcast-aud-funded = 💶 Участникам с финансированием
broadcast-aud-attended = ✅ Присутствовавшим в день семинара
broadcast-aud-non_respondents = 📋 Не ответившим на опрос
broadcast-aud-unfinished = ⏳ Не завершившим регистрацию
broadcast-aud-travel_missing = ✈️ Подтверждённые без данных о поездке
broadcast-any-day = В любой день
broadcast-preview =
    <b>Всё готово к отправке</b>
    Получатели: { $audience }
    Число получателей: <b>{ $count }</b>
    Тексты: { $languages }
    Вложение: { $attachment }
    Кнопка: { $button }
    Сообщений каждому: <b>{ $messages }</b>
broadcast-none = нет
broadcast-photo = фото
broadcast-document = документ
broadcast-show-preview = 👁 Предпросмотр
broadcast-send-now = 🚀 Отправить сейчас
broadcast-schedule = 🕒 Запланировать
broadcast-preview-header = Предпросмотр ({ $language }):
broadcast-confirm-send = Отправить сейчас <b>{ $count }</b> получателям?
broadcast-yes-send = ✅ Да, отправить
broadcast-nobody = Под этот выбор никто не подходит. Выберите других получателей.
broadcast-ask-when =
    Когда отправить? Пришлите дату и время по часовому поясу мероприятия ({ $tz }), например <code>{ $example }</code>.
broadcast-bad-when = Не удалось разобрать. Пришлите дату и время, например <code>{ $example }</code>.
broadcast-past-when = Это время уже прошло. Укажите момент в будущем, например <code>{ $example }</code>.
broadcast-scheduled = 🕒 Рассылка №{ $id } запланирована на { $when } ({ $tz }). Отменить её можно в разделе «Запланированные и недавние».
broadcast-started = 🚀 Рассылка №{ $id } отправляется { $count } получателям.
broadcast-ok = 👍 Хорошо

## Ход отправки (сообщение обновляется во время рассылки)

broadcast-progress =
    📣 <b>Рассылка №{ $id }</b> — идёт отправка…
    ✅ доставлено { $sent } · 🚫 заблокировали { $blocked } · ⚠️ ошибки { $failed }
    ⏳ осталось { $remaining } из { $total } · примерно { $eta }
broadcast-progress-done =
    📣 <b>Рассылка №{ $id }</b> — завершена.
    ✅ доставлено { $sent } · 🚫 заблокировали { $blocked } · ⚠️ ошибки { $failed } (из { $total })
    Недоставленные сообщения перечислены в выгрузке.
broadcast-progress-cancelled =
    📣 <b>Рассылка №{ $id }</b> — отменена.
    ✅ доставлено { $sent } · 🚫 заблокировали { $blocked } · ⚠️ ошибки { $failed } · ✖️ не отправлено { $cancelled } (из { $total })
broadcast-cancel-button = ⛔ Остановить отправку
broadcast-cancelled = Рассылка №{ $id } отменена; не будет отправлено сообщений: { $count }.
broadcast-not-running = Эта рассылка уже не идёт.

## Запланированные и недавние

broadcast-list-title = <b>Запланированные и недавние рассылки</b>
broadcast-list-empty = <b>Запланированные и недавние рассылки</b>
    Пока ничего нет.
broadcast-detail =
    <b>Рассылка №{ $id }</b> · { $kind }
    Состояние: { $state }
    { $when }
    Получатели: { $audience }
    ✅ доставлено { $sent } · 🚫 заблокировали { $blocked } · ⚠️ ошибки { $failed } · ⏳ в очереди { $pending } · ✖️ отменено { $cancelled }

    { $text }
broadcast-detail-failures = Ошибки: { $failures }
broadcast-when-scheduled = Запланирована на { $when }
broadcast-when-started = Начата { $when }
broadcast-when-none = Ещё не начата
broadcast-cancel = 🚫 Отменить рассылку
broadcast-confirm-cancel = Отменить рассылку №{ $id }? Ещё не отправленные сообщения не уйдут.
broadcast-yes-cancel = ✅ Да, отменить
broadcast-state-scheduled = 🕒 запланирована
broadcast-state-sending = 🚀 отправляется
broadcast-state-done = ✅ завершена
broadcast-state-cancelled = ✖️ отменена
broadcast-state-missed = ⚠️ пропущена
broadcast-kind-broadcast = рассылка
broadcast-kind-reminder = напоминание
broadcast-kind-materials = материалы
broadcast-kind-session = напоминание о сессии
broadcast-kind-notice = уведомление

## Описание получателей

broadcast-desc-all = все, кто пользовался ботом
broadcast-desc-status = статус регистрации «{ $value }»
broadcast-desc-registered = зарегистрированные участники
broadcast-desc-approved = подтверждённые участники
broadcast-desc-role = роль «{ $value }»
broadcast-desc-delegates = делегаты
broadcast-desc-speakers = докладчики
broadcast-desc-economy = экономика: { $value }
broadcast-desc-language = язык: { $value }
broadcast-desc-funded = участники с финансированием
broadcast-desc-attended = присутствовали { $value }
broadcast-desc-attended-any = присутствовали хотя бы один день
broadcast-desc-non_respondents = не ответили на опрос «{ $value }»
broadcast-desc-unfinished = не завершили регистрацию
broadcast-desc-organisers = организаторы
broadcast-desc-overseers = руководители проекта
broadcast-desc-travel_missing = подтверждённые участники без данных о поездке
broadcast-desc-session = подписчики сессии «{ $value }»
broadcast-desc-unless = { $audience }, кто ещё не ответил на опрос «{ $survey }»
broadcast-status-draft = черновик
broadcast-status-submitted = подана
broadcast-status-approved = подтверждена
broadcast-status-waitlisted = в листе ожидания
broadcast-status-rejected = отклонена
broadcast-status-withdrawn = отозвана

## Части сообщений, которые добавляет бот

broadcast-open-survey = 📋 Открыть опрос
broadcast-map = Карта
broadcast-inc-materials = Материалы
broadcast-inc-contacts = Контакты
broadcast-missed-notice = ⚠️ Запланированная рассылка { $title } должна была уйти { $due }, но бот в это время не работал ({ $hours } ч назад), и она не отправлена. Если она ещё нужна, отправьте её заново через /broadcast.

## Напоминания

reminders-title = <b>⏰ Напоминания</b>
    План из файла мероприятия и напоминания, добавленные здесь, по времени ({ $tz }). Выберите напоминание, чтобы изменить, отменить или отправить его сейчас.
reminders-empty = <b>⏰ Напоминания</b>
    Напоминаний пока нет.
reminders-add = ➕ Добавить напоминание
reminders-detail =
    <b>{ $title }</b> · { $state }
    Когда: { $when } ({ $tz })
    Получатели: { $audience }
    Добавляется: { $include }
    { $note }
    { $text }
reminders-include-none = ничего
reminders-state-scheduled = 🕒 запланировано
reminders-state-sent = ✅ отправлено
reminders-state-missed = ⚠️ пропущено
reminders-state-cancelled = ✖️ отменено
reminders-sent-counts = ✅ доставлено { $sent } · 🚫 заблокировали { $blocked } · ⚠️ ошибки { $failed } · ⏳ в очереди { $pending }
reminders-edit-text = ✏️ Изменить текст
reminders-edit-time = 🕒 Изменить время
reminders-send-now = 🚀 Отправить сейчас
reminders-cancel = 🚫 Отменить напоминание
reminders-ask-text-lang = Какой текст изменить?
reminders-all-languages = 📝 Один текст для всех языков
reminders-ask-text = Пришлите новый текст{ $language ->
        [none] {""}
       *[other] {" "}на языке: <b>{ $language }</b>
    }. Жирный шрифт, курсив и ссылки сохранятся.
reminders-text-saved = ✏️ Текст сохранён.
reminders-time-saved = 🕒 Перенесено на { $when } ({ $tz }).
reminders-confirm-send = Отправить «{ $title }» сейчас <b>{ $count }</b> получателям? В назначенное время оно уже не уйдёт.
reminders-confirm-cancel = Отменить «{ $title }»? Оно не будет отправлено.
reminders-yes-send = ✅ Да, отправить сейчас
reminders-yes-cancel = ✅ Да, отменить
reminders-sent = 🚀 «{ $title }» отправляется.
reminders-cancelled = «{ $title }» отменено.
reminders-not-scheduled = Это напоминание уже не запланировано.
reminders-ask-audience = Кому отправить?
reminders-aud-all = 👥 Всем
reminders-aud-registered = 📝 Зарегистрированным
reminders-aud-approved = ✅ Подтверждённым
reminders-aud-funded = 💶 С финансированием
reminders-aud-attended = 🏛 Присутствовавшим
reminders-aud-delegates = 🧑‍💼 Делегатам
reminders-aud-speakers = 🎤 Докладчикам
reminders-aud-organisers = 🛠 Организаторам
reminders-aud-travel_missing = ✈️ Нет данных о поездке
reminders-add-confirm =
    <b>Новое напоминание</b>
    Когда: { $when } ({ $tz })
    Получатели: { $audience }

    { $text }
reminders-save = 💾 Сохранить
reminders-added = ⏰ Напоминание запланировано на { $when } ({ $tz }).
reminders-missed-notice = ⚠️ Напоминание «{ $title }» должно было уйти { $due }, но бот в это время не работал ({ $hours } ч назад, дольше допустимой задержки), и оно не отправлено. Если оно ещё полезно, отправьте его сейчас через /reminders.
reminders-custom = добавлено в чате

## Материалы

materials-title = <b>📚 Материалы семинара</b>
materials-empty = <b>📚 Материалы семинара</b>
    Пока ничего не опубликовано. Презентации и сборник появятся здесь после семинара.
materials-item-file = { $title } — нажмите кнопку ниже
materials-publish = 📤 Опубликовать…
materials-publish-title = <b>Публикация материала</b>
    Выберите ссылку из файла мероприятия или загрузите документ. Подтверждённые участники получат сообщение.
materials-upload = 📎 Загрузить документ
materials-ask-document = Пришлите документ (до 50 МБ).
materials-bad-document = Пришлите документ (файлом) или вернитесь назад.
materials-ask-title = Какое название увидят участники? Пришлите его или оставьте имя файла.
materials-use-filename = Оставить «{ $name }»
materials-bad-title = Пришлите название длиной до { $limit } символов.
materials-confirm = Опубликовать «{ $title }»? Сообщение получат подтверждённые участники: <b>{ $count }</b>.
materials-yes-publish = ✅ Опубликовать
materials-published = 📤 «{ $title }» опубликован; сообщение получат участники: { $count }.
materials-already = Этот материал уже опубликован.
materials-announcement = 📚 Новый материал семинара: <b>{ $title }</b>
    Все материалы: /materials
materials-nothing-to-publish = Все ссылки из файла мероприятия уже опубликованы.
