# Регистрация: согласие, анкета, профиль, бейдж, отметка присутствия, письма, очередь организаторов.

## Согласие

registration-consent =
    <b>Регистрация · { $event_title }</b>

    Перед регистрацией прочитайте, пожалуйста, как мы используем ваши данные:

    { $notice }

    <i>Уведомление о конфиденциальности, версия { $version }.</i> Пока вы не нажмёте «Согласен(на)», введённые данные не сохраняются.
registration-accept = ✅ Согласен(на)
registration-decline = ✖️ Не согласен(на)
registration-close = ⬅️ В меню
registration-declined =
    Без вашего согласия мы не можем вас зарегистрировать: эти данные нужны организаторам, чтобы
    пригласить вас, организовать поездку и подготовить отчёты о семинаре. Никаких данных о вас не сохранено.

    Вы можете вернуться и зарегистрироваться в любое время.
registration-read-again = 📄 Прочитать ещё раз
registration-to-menu = 🏠 Главное меню

## Анкета

registration-step = Шаг { $n } из { $total } · <b>{ $label }</b>
registration-current = Текущий ответ: <b>{ $value }</b>
registration-hint-text = Напишите ответ.
registration-hint-email = Напишите адрес электронной почты.
registration-hint-number = Напишите число.
registration-hint-phone = Нажмите «Отправить мой номер» внизу или напишите номер с кодом страны.
registration-hint-choice = Нажмите одну из кнопок.
registration-hint-role = Нажмите одну из кнопок. Докладчикам и организаторам — «У меня есть код приглашения».
registration-hint-date = Выберите день или напишите дату, например 13.09.2027.
registration-hint-economy = Напишите часть названия для поиска или выберите из списка.
registration-hint-multi = Нажимайте, чтобы отметить или снять отметку, затем «Готово».
registration-hint-optional = Этот вопрос необязательный: его можно пропустить.
registration-back = ⬅️ Назад
registration-skip = ⏭ Пропустить
registration-exit = 💾 Сохранить и выйти
registration-yes = Да
registration-no = Нет
registration-done-button = ✔️ Готово
registration-share-phone = 📱 Отправить мой номер
registration-phone-placeholder = +7 000 000-00-00
registration-have-code = 🔑 У меня есть код приглашения
registration-invite-prompt = Напишите код приглашения, который вы получили от организаторов.
registration-economy-international = 🌐 Международная организация
registration-economy-other = Другое
registration-economy-all = 📋 Показать весь список
registration-economy-matches = Найдено по запросу «{ $query }»:
registration-draft-saved = Сохранено. Продолжить можно в любой момент: «Регистрация» в меню.
registration-cancelled = Ваши ответы сохранены как черновик. Продолжить можно в любой момент: «📝 Регистрация» в меню.
registration-skipped = —
registration-not-answered = (ещё нет ответа)
registration-no-name = (без имени)

## Ошибки ввода

registration-error-empty = Ответ пустой. Напишите его ещё раз, пожалуйста.
registration-error-command = Это похоже на команду. Напишите ответ или отправьте /cancel, чтобы прервать.
registration-error-too-long = Слишком длинно: { $length } символов, а можно не больше { $max }.
registration-error-type-text = Пожалуйста, напишите ответ текстом.
registration-error-email = Это не похоже на адрес электронной почты. Проверьте его, например name@example.org.
registration-error-phone = Это не похоже на номер телефона. Напишите его с кодом страны, например +7 000 000-00-00.
registration-error-phone-not-yours = Отправьте, пожалуйста, свой номер (кнопка внизу) или напишите его.
registration-error-date-format = Выберите день в календаре или напишите дату, например 13.09.2027.
registration-error-date-window = Выберите дату с { $first } по { $last }.
registration-error-date-order = Эта дата раньше даты приезда ({ $earlier }). Выберите более позднюю.
registration-error-number = Пожалуйста, напишите число.
registration-error-number-min = Напишите число не меньше { $min }.
registration-error-number-max = Напишите число не больше { $max }.
registration-error-button = Пожалуйста, воспользуйтесь кнопками ниже.
registration-error-invite = Код приглашения не подходит. Проверьте его или вернитесь и выберите другую роль.
registration-error-required = Этот ответ обязателен.
registration-error-pick-one = Отметьте хотя бы один вариант.
registration-error-economy-none = По запросу «{ $query }» ничего не найдено. Попробуйте написать иначе или выберите из списка.
registration-error-locked = Этот ответ здесь больше нельзя изменить. Напишите, пожалуйста, организаторам.
registration-error-passport = Напишите номер паспорта: от 5 до 20 букв и цифр.
registration-error-citizenship = Напишите гражданство буквами (не больше 100 символов).

## Проверка и отправка

registration-summary = <b>Проверьте, пожалуйста, ответы.</b> Нажмите на поле, чтобы изменить его, затем «Подтвердить».
registration-summary-profile = <b>Ваши ответы.</b> Нажмите на поле, чтобы изменить его.
registration-summary-locked = Экономику, роль и финансирование здесь изменить нельзя: напишите организаторам.
registration-confirm = ✅ Подтвердить и отправить
registration-profile-done = ✔️ Готово
registration-done-submitted = ✅ <b>Спасибо, ваша регистрация отправлена.</b> Организаторы рассмотрят её, и вы получите сообщение здесь.
registration-done-waitlisted =
    ⏳ <b>Ваша регистрация отправлена, а запрос на финансирование — в листе ожидания.</b>
    Все финансируемые места вашей экономики ({ $quota }) уже заняты. Если место освободится, организаторы предложат его первому в листе ожидания, и вы получите сообщение здесь.
registration-my-profile = 👤 Мой профиль

## Статус и финансирование

registration-status-line = Статус: <b>{ $status }</b>
registration-status-none = не зарегистрирован(а)
registration-status-draft = черновик (не отправлен)
registration-status-submitted = отправлена, ожидает рассмотрения
registration-status-approved = одобрена
registration-status-waitlisted = в листе ожидания
registration-status-rejected = отклонена
registration-status-withdrawn = отозвана
registration-funding-none = Финансирование: не запрошено (за свой счёт).
registration-funding-funded = 💰 Финансирование: финансируемое место (авиабилет и суточные).
registration-funding-alternate = 🅰️ Финансирование: резервное место вашей экономики.
registration-funding-waitlisted = ⏳ Финансирование: в листе ожидания (финансируемые места заняты).
registration-funding-not-granted = Финансирование: не предоставлено (за свой счёт).

## Решения, которые получает участник

registration-decision-approved =
    🎉 <b>Ваша регистрация одобрена.</b> { $funding }
    Ниже — ваш бейдж (QR-код для отметки присутствия); он есть и в разделе «👤 Мои данные».
registration-decision-waitlisted = ⏳ Ваша регистрация в листе ожидания. Мы напишем вам здесь, если место освободится.
registration-decision-rejected = К сожалению, ваша регистрация не принята.
registration-decision-submitted = Ваша регистрация снова на рассмотрении.
registration-decision-withdrawn = Ваша регистрация отозвана.
registration-decision-draft = Ваша регистрация — черновик.
registration-decision-reason = Причина: { $reason }

## Мой профиль / Мои данные

registration-profile-title = <b>👤 Мой профиль</b>
registration-profile-none = <b>👤 Мои данные</b>
    Вы ещё не зарегистрированы. Нажмите «Зарегистрироваться», чтобы начать.
registration-profile-draft = <b>👤 Мои данные</b>
    Регистрация ещё не завершена. Нажмите «Зарегистрироваться», чтобы продолжить с того места, где вы остановились.
registration-profile-privacy = /mydata — скачать всё, что о вас хранится. /forget — удалить это.
registration-focal-point = ⭐ Контактное лицо вашей экономики
registration-attended = ✅ Отметка присутствия: { $days }
registration-continue = 📝 Зарегистрироваться
registration-edit = ✏️ Изменить ответы
registration-badge = 🎫 Мой бейдж (QR)
registration-badge-none = Бейдж появится, когда регистрацию одобрят.
registration-badge-caption =
    🎫 <b>{ $who }</b>
    { $event }
    Покажите этот QR-код на стойке регистрации: организаторы отсканируют его и отметят ваше присутствие.
registration-letter = 📄 Приглашение (виза)
registration-again = 🔁 Зарегистрироваться снова
registration-withdraw = 🚪 Отозвать регистрацию
registration-download = 📦 Скачать мои данные
registration-erase = 🗑 Удалить мои данные
registration-withdraw-confirm =
    <b>Отозвать регистрацию?</b>
    Ваше место (и финансирование, если оно было) передадут другому участнику. Позже можно зарегистрироваться снова, но места может уже не быть.
registration-withdraw-yes = 🚪 Да, отозвать
registration-keep = ⬅️ Нет, назад
registration-withdrawn = Регистрация отозвана.
registration-forget-confirm =
    <b>Удалить все ваши данные?</b>
    Это отзыв согласия: будут удалены ваша регистрация, ответы, отметки присутствия и всё остальное, что бот о вас хранит. В статистике останутся только обезличенные итоги. Отменить это нельзя.
registration-forget-yes = 🗑 Да, удалить всё
registration-forgotten = 🗑 Готово: ваши данные удалены, согласие отозвано. Если захотите вернуться, отправьте /start.
registration-mydata-caption = 📦 Всё, что бот хранит о вас (JSON).

## Письмо-приглашение

registration-letter-intro =
    <b>📄 Письмо-приглашение для визы</b>
    Мы подготовим его по данным регистрации, номеру паспорта и гражданству. Организатор проверит письмо, и затем оно (DOCX) придёт вам сюда.
registration-letter-request = 📝 Запросить письмо
registration-letter-passport = { $error }Напишите <b>номер паспорта</b> (буквы и цифры, как в паспорте).
registration-letter-citizenship = { $error }Напишите ваше <b>гражданство</b>, как в паспорте (например, Чили).
registration-letter-status-requested = ⏳ Ваш запрос у организаторов. Письмо придёт сюда.
registration-letter-status-sent = ✅ Письмо отправлено вам в этот чат.
registration-letter-status-rejected = Запрос отклонён. Можно запросить письмо снова с исправленными данными.
registration-letter-unavailable = Для этого мероприятия письма-приглашения недоступны. Напишите, пожалуйста, организаторам.
registration-letter-sent-caption = 📄 Ваше письмо-приглашение для оформления визы.
registration-letter-rejected-user = Ваш запрос на письмо-приглашение отклонён.
registration-letter-approve = ✅ Одобрить и отправить
registration-letter-reject = ✖️ Отклонить
registration-letter-done = Письмо отправлено.
registration-letter-already = По этому запросу уже принято решение.
registration-letter-failed = Не удалось отправить письмо (шаблон или доставка); подробности в журнале.
registration-letter-rejected-done = Запрос отклонён.

## Отметка присутствия

registration-checkin-own = 🎫 Это ваш бейдж. Покажите его на стойке регистрации: организаторы отсканируют его и отметят ваше присутствие.
registration-checkin-staff-only = Этот QR-код предназначен для организаторов на стойке регистрации.
registration-checkin-unknown = ⚠️ Неизвестный бейдж: ни у одной регистрации нет такого кода.
registration-checkin-not-approved = ⚠️ { $who }: регистрация { $status }. Присутствие не отмечено.
registration-checkin-no-event = Сегодня ({ $day }) семинар не проходит: присутствие не отмечено.
registration-checkin-already = ℹ️ { $who } уже отмечен(а) сегодня (в { $at }).
registration-checkin-done = ✅ { $who }: присутствие отмечено, { $day }.
registration-checkin-welcome = ✅ Ваше присутствие отмечено, { $day }. Добро пожаловать!
registration-venue-invalid = ⚠️ Этот код недействителен. Отсканируйте сегодняшний код на площадке.
registration-venue-other-day = Этот код действует { $day }. Отсканируйте сегодняшний код на площадке.
registration-venue-not-approved = Отметиться могут только участники с одобренной регистрацией. Подойдите, пожалуйста, к стойке регистрации.
registration-venue-already = ℹ️ Ваше присутствие уже отмечено, { $day }.
registration-venue-caption =
    📍 Код для отметки присутствия на { $day }. Распечатайте его или покажите у входа: участники с одобренной регистрацией сканируют его сами.
    { $url }

## Организаторам: уведомления

registration-staff-new = 🆕 Новая регистрация: <b>{ $who }</b> — { $status }. { $funding }
    Рассмотрите её: /admin → Очередь регистраций.
registration-staff-edited = ✏️ <b>{ $who }</b> (одобрена) изменил(а) поле «{ $field }».
registration-staff-withdrawn = 🚪 <b>{ $who }</b> отозвал(а) регистрацию.
registration-staff-erased = 🗑 Участник от экономики «{ $economy }» удалил свои данные; его регистрация удалена.
registration-staff-place-freed = 💺 Освободилось финансируемое место. Первый в листе ожидания: <b>{ $who }</b>. Предложить ему?
registration-staff-offer-button = ✅ Предложить место
registration-staff-letter =
    📄 Запрос письма-приглашения: <b>{ $who }</b>
    Гражданство: { $citizenship }
    Паспорт: { $passport }
registration-staff-only = Это только для организаторов.

## Организаторам: очередь

registration-queue-title = <b>🗂 Регистрации</b> (незавершённых черновиков: { $drafts })
    Показаны: { $shown }. Нажмите на регистрацию, чтобы открыть её.
registration-queue-empty = Здесь никого нет.
registration-queue-gone = Этой регистрации больше нет.
registration-queue-stale = Ничего не изменилось: регистрация уже в другом состоянии.
registration-queue-letters = 📄 Письма ({ $count })
registration-filter-submitted = 📥 Новые ({ $count })
registration-filter-waitlisted = ⏳ Ожидание ({ $count })
registration-filter-approved = ✅ Одобрены ({ $count })
registration-filter-rejected = ✖️ Отклонены ({ $count })
registration-filter-withdrawn = 🚪 Отозваны ({ $count })
registration-quotas = 📊 Квоты
registration-approve = ✅ Одобрить
registration-waitlist = ⏳ В лист ожидания
registration-reject = ✖️ Отклонить
registration-promote = 💺 Предложить свободное место
registration-focal-on = ⭐ Сделать контактным лицом
registration-focal-off = ☆ Снять контактное лицо
registration-change-role = 🎭 Роль
registration-erase-person = 🗑 Удалить персональные данные
registration-erase-person-confirm =
    <b>Удалить всё, что хранится о { $who }?</b>
    Будут удалены регистрация, ответы, отметки присутствия, вопросы и состояние диалогов — как после /forget; участнику придёт уведомление. В статистике останутся только обезличенные итоги. Отменить это нельзя.
registration-erase-person-yes = 🗑 Да, удалить
registration-erase-person-own = Это ваши собственные данные: отправьте /forget.
registration-erase-person-overseer = Удалять данные участников может только руководитель проекта.
registration-erased-person = 🗑 Удалено.
registration-erased-by-organisers = 🗑 Организаторы удалили вашу регистрацию и всё, что бот о вас хранил, — по вашей просьбе или по правилам обработки данных семинара. Если захотите вернуться, отправьте /start.
registration-role-title = Выберите роль участника:
registration-submitted-at = Отправлена: { $at }
registration-telegram-id = Telegram id: { $id }
registration-no-reason = Без причины
registration-reason-waitlist = В лист ожидания. Напишите причину для участника (необязательно) или нажмите «Без причины».
registration-reason-reject = Отклонить. Напишите причину для участника (необязательно) или нажмите «Без причины».
registration-reason-letter_reject = Отклонить письмо. Напишите причину для участника (необязательно) или нажмите «Без причины».
registration-did-approve = Одобрено; участник уведомлён.
registration-did-waitlist = В листе ожидания; участник уведомлён.
registration-did-reject = Отклонено; участник уведомлён.
registration-did-promote = Место передано; участник уведомлён.
registration-no-place = Свободных финансируемых и резервных мест этой экономики нет.
registration-quotas-title = <b>📊 Финансируемые места</b> (экономики с правом на финансирование)
registration-quota-line = { $economy }: финанс. { $funded }/{ $funded_max } · резерв { $alternates }/{ $alternates_max } · ожидают { $waiting } · женщин { $women } (цель { $women_target })
registration-letters-title = <b>📄 Запросы писем</b>, ожидающие решения:
registration-letters-empty = Нет запросов писем, ожидающих решения.

## Организаторам: отметка присутствия

registration-checkin-title = <b>✅ Отметка присутствия</b>
registration-checkin-today = Сегодня, { $day }: присутствуют <b>{ $present }</b> из { $approved } одобренных участников.
registration-checkin-not-today = Сегодня ({ $day }) семинар не проходит.
registration-checkin-day = { $day }: присутствовали { $present }
registration-checkin-howto = Чтобы отметить участника, отсканируйте камерой телефона QR-код его бейджа: откроется этот чат, и присутствие будет записано. Участники могут и сами отсканировать код площадки на день (нажмите на день, чтобы получить его).
registration-checkin-renew = ♻️ Новый код на сегодня
registration-checkin-renew-not-today = Сегодня семинар не проходит.

## Two stages: the nomination, then travel details

registration-hint-name = Нажмите на своё имя ниже, если оно написано как в паспорте, или введите его написание из паспорта.
registration-travel-title = <b>✈️ Данные о поездке</b>
registration-travel-summary = <b>✈️ Ваши данные о поездке.</b> Нажмите на поле, чтобы изменить его; каждый ответ сохраняется сразу.
registration-travel-button = ✈️ Данные о поездке
registration-travel-complete = ✈️ Данные о поездке: заполнены.
registration-travel-missing = ✈️ Ещё не заполнены данные о поездке: { $fields }.
registration-travel-later = ✈️ Данные о поездке (даты, рейс, гостиница…) запрашиваются после подтверждения регистрации.
registration-travel-until = Их можно изменить до { $date }.
registration-travel-closed = Данные о поездке можно было изменить до { $date }. Чтобы что-то изменить сейчас, напишите организаторам (❓ Задать вопрос).
registration-travel-not-open = Данные о поездке запрашиваются после подтверждения регистрации.
registration-decision-travel =
    ✈️ <b>Следующий шаг: данные о поездке</b> ({ $fields }). Нажмите кнопку ниже (или позже «👤 Мой профиль» → «✈️ Данные о поездке»); их можно изменить до { $date }.
registration-done-follow = ⭐ Интересные вам сессии: откройте «📅 Программа» и нажмите ⭐ на каждой — перед её началом придёт напоминание.
registration-done-travel = ✈️ Вы уже можете указать данные о поездке: «👤 Мой профиль» → «✈️ Данные о поездке».
registration-queue-travel = ✈️ Данные о поездке: { $given } из { $total }
