# Логистика и вопросы: темы FAQ, ответы на вопросы, заявки (передача вопроса человеку).

logistics-title =
    <b>🧭 Логистика и вопросы</b>

    Выберите тему или просто напишите свой вопрос сообщением (по-русски или по-английски).
logistics-topic-venue = 📍 Место
logistics-topic-dates = 🗓 Даты
logistics-topic-programme = 📅 Программа
logistics-topic-registration = 📝 Регистрация
logistics-topic-accommodation = 🏨 Гостиница
logistics-topic-transport = 🚕 Транспорт
logistics-topic-visa = 🛂 Виза и приглашение
logistics-topic-per_diem = 💵 Суточные
logistics-topic-airfare = ✈️ Авиабилет
logistics-topic-funding = 💼 Финансирование
logistics-topic-contacts = ☎️ Контакты
logistics-topic-wifi = 📶 Wi-Fi
logistics-topic-dress_code = 👔 Дресс-код
logistics-topic-weather = 🌦 Погода
logistics-topic-language = 🗣 Язык
logistics-topic-materials = 📚 Материалы
logistics-topic-meals = 🍽 Питание
logistics-topic-health = 🩺 Здоровье
logistics-topic-other = ❔ Другое
logistics-ask-button = ✍️ Спросить организаторов
logistics-mine-button = 📨 Мои вопросы
logistics-entries-title =
    <b>{ $topic }</b>
    Выберите вопрос:
logistics-answer-window =
    💡 <b>{ $question }</b>

    { $answer }

    Это помогло?
logistics-answer =
    💡 <b>{ $question }</b>

    { $answer }

    Это помогло?
logistics-helped-yes = 👍 Да, спасибо
logistics-ask-person = 🙋 Спросить человека
logistics-glad = Рады, что помогло!
logistics-ask-prompt =
    ✍️ Напишите свой вопрос одним сообщением.
    Сотрудник организаторов ответит здесь, в этом чате.
logistics-ask-sent =
    ✅ Ваш вопрос №{ $ticket } отправлен организаторам.
    Ответ придёт в этот чат.
logistics-more-questions = 🧭 Другие темы
logistics-to-menu = 🏠 Главное меню
logistics-mine-title =
    <b>📨 Мои вопросы</b>

    { $tickets }
logistics-mine-none = Вы пока ничего не спрашивали у организаторов.
logistics-status-open = 🟡 ждёт ответа
logistics-status-answered = 🟢 есть ответ
logistics-status-closed = ⚪ закрыт

logistics-unsure = 🤔 Не уверен, что правильно понял. Ваш вопрос об одном из этого?
logistics-smalltalk = 👋 Здравствуйте! Спросите меня о семинаре (место, гостиница, виза, суточные, программа...) или выберите тему.
logistics-open-topics = 🧭 Темы
logistics-escalated =
    🙋 Я не нашёл ответа и передал ваш вопрос организаторам (вопрос №{ $ticket }).
    Сотрудник ответит здесь, в этом чате.
logistics-escalated-language =
    🙋 Я понимаю только русский и английский, поэтому передал ваше сообщение организаторам (вопрос №{ $ticket }).
    Сотрудник ответит здесь, в этом чате.
logistics-bad-empty = Пожалуйста, напишите вопрос словами.
logistics-bad-too_long = Сообщение слишком длинное. Пожалуйста, уложите вопрос в 1000 символов или разбейте его на несколько сообщений.
logistics-bad-no_words = Я понимаю только вопросы, написанные словами. Что вы хотели бы узнать?
logistics-already-sent = Ваш вопрос уже передан организаторам (вопрос №{ $ticket }).
logistics-stale = Эта кнопка с прежнего экрана.
logistics-text-only = Передать можно только текст. Пожалуйста, напишите сообщение.

logistics-reply-from-organisers =
    💬 <b>Ответ организаторов</b> (вопрос №{ $ticket })

    { $text }

    <i>Чтобы ответить, ответьте на это сообщение или нажмите «Ответить».</i>
logistics-reply-button = ✍️ Ответить
logistics-solved-button = ✅ Вопрос решён
logistics-solved = Спасибо! Вопрос закрыт.
logistics-reply-prompt = ✍️ Напишите сообщение организаторам по вопросу №{ $ticket }:
logistics-followup-sent = ✅ Отправлено организаторам (вопрос №{ $ticket }).

# Организаторы
logistics-ticket-new =
    🎫 <b>Новый вопрос №{ $ticket }</b>
    От: { $who }

    { $text }

    <i>Чтобы ответить, ответьте на это сообщение или отправьте /reply { $ticket } и ответ.</i>
logistics-ticket-followup =
    💬 <b>Вопрос №{ $ticket }: участник пишет снова</b>
    От: { $who }

    { $text }

    <i>Чтобы ответить, ответьте на это сообщение.</i>
logistics-ticket-header =
    🎫 <b>Вопрос №{ $ticket }</b> · { $status }
    От: { $who }
logistics-ticket-type-answer = <i>Напишите ответ ниже — он будет отправлен участнику.</i>
logistics-ticket-answered = ✅ Ответ на вопрос №{ $ticket } отправлен участнику.
logistics-ticket-undelivered = ⚠️ Ответ на вопрос №{ $ticket } сохранён, но доставить его участнику не удалось (возможно, он заблокировал бота).
logistics-ticket-close = ✅ Закрыть
logistics-ticket-reopen = ↩️ Открыть снова
logistics-ticket-closed = Вопрос №{ $ticket } закрыт.
logistics-ticket-faq = 📌 В FAQ
logistics-ticket-unfaq = 🗑 Убрать из FAQ
logistics-ticket-promoted = 📌 Ответ на вопрос №{ $ticket } добавлен в FAQ: бот даст его следующему участнику, который спросит то же самое.
logistics-ticket-not-answered = На вопрос №{ $ticket } ещё нет ответа: сначала ответьте на него.
logistics-ticket-withdrawn = Ответ убран из FAQ.
logistics-answer-too-long = Ответ слишком длинный: уложитесь, пожалуйста, в { $limit } символов или отправьте его частями.
logistics-ticket-unknown = Вопроса №{ $ticket } нет.
logistics-reply-usage = Отправьте номер вопроса и ответ, например: <code>/reply 12 Ваш номер забронирован.</code>
logistics-tickets-header = <b>💬 Открытые вопросы: { $open }</b> (с ответом: { $answered })
logistics-tickets-none = Открытых вопросов нет. 🎉
logistics-tickets-hint = Чтобы ответить, ответьте на сообщение с вопросом или отправьте <code>/reply номер ответ</code>.
logistics-tickets-open = 📂 Работать с вопросами
logistics-tickets-title =
    <b>💬 Вопросы участников</b>
    Открытых: { $open } · с ответом: { $answered } · закрытых: { $closed }

    Показаны: { $status_name }
logistics-tickets-filter-open = 🟡 Открытые ({ $open })
logistics-tickets-filter-answered = 🟢 С ответом ({ $answered })
logistics-consultation-button = 🗳 Обсуждение программы
