# Программа: дни, сессии, «сейчас и далее», подписки, напоминания, изменения, обсуждение.

programme-title =
    <b>📅 Программа</b> · { $title }{ $status }

    Время указано по часовому поясу: { $zone }. Выберите день:
programme-status-draft = 🟠 Проект программы, обсуждается с экономиками
programme-status-final = 🟢 Окончательная программа
programme-now-button = ⏱ Сейчас и далее
programme-mine-button = ⭐ Мои сессии
programme-speakers-button = 🎤 Докладчики
programme-ics-button = 📥 Календарь (.ics)
programme-ics-mine-button = 📥 Мои сессии (.ics)
programme-ics-caption = 📥 Откройте файл, чтобы добавить сессии в свой календарь.
programme-consult-button = 🗳 Обсудить проект
programme-day-header =
    <b>{ $title }</b>
    { $date } · время: { $zone }
programme-day-empty = На этот день сессий пока нет.
programme-prev-day = ◀️ Предыдущий день
programme-next-day = Следующий день ▶️
programme-session-gone = Этой сессии больше нет в программе.
programme-following = ⭐ Вы подписаны на эту сессию: перед началом придёт напоминание.
programme-not-following = Подпишитесь, чтобы получить напоминание перед началом.
programme-follow = ⭐ Подписаться (напомнить)
programme-unfollow = ✖️ Отписаться
programme-followed = ⭐ Готово! Напоминание придёт за { $minutes } мин до начала.
programme-unfollowed = Вы отписались от этой сессии.
programme-speakers-title =
    <b>🎤 Докладчики</b>
    Выберите докладчика:
programme-speaker-gone = Этого докладчика больше нет в программе.
programme-speaker-sessions = <b>Сессии:</b>
programme-mine-header = <b>⭐ Мои сессии</b> (время: { $zone })
programme-mine-none = Вы пока не подписаны ни на одну сессию. Откройте сессию в программе и нажмите «Подписаться».
programme-now-header = <b>⏱ Сейчас и далее</b> · { $time } ({ $zone })
programme-before-event = Семинар начнётся { $date } в { $time } — { $days ->
        [0] сегодня
        [1] завтра
        [one] через { $days } день
        [few] через { $days } дня
       *[other] через { $days } дней
    }.
programme-after-event = Семинар завершён. Спасибо за участие!
programme-now = <b>Сейчас:</b>
programme-now-nothing = Сейчас ничего не идёт.
programme-next = <b>Далее:</b>
programme-next-on = <b>Далее, { $date }:</b>
programme-refresh = 🔄 Обновить
programme-open = 📅 Открыть программу
programme-open-session = 📅 Открыть в программе

# Напоминания и изменения
programme-reminder =
    ⏰ Через { $minutes } мин: <b>{ $title }</b>
    { $start }–{ $end } · { $room }
programme-change-header = 📅 <b>Изменение в программе</b> — сессия, на которую вы подписаны: <b>{ $title }</b>
programme-change-title = Прежнее название: { $was }
programme-change-when =
    Было: { $was }
    Стало: <b>{ $now }</b>
programme-change-speakers = Докладчики: { $speakers }
programme-change-removed = ❌ <b>Изменение в программе:</b> сессия <b>{ $title }</b> ({ $was }), на которую вы подписаны, исключена из программы.
programme-summary-removed = ❌ { $title }: исключена
programme-summary-added = ➕ { $title }: { $when }
programme-summary-changed = ✏️ { $title }: теперь { $when }
programme-summary-more = …и ещё { $count }.
programme-final-published =
    📅 <b>Опубликована окончательная программа семинара.</b>

    Изменения по сравнению с проектом:
    { $changes }
programme-final-no-changes = Изменений по сравнению с проектом нет.

# Обсуждение: участники
programme-consult-invite =
    🗳 <b>Проект программы для обсуждения</b>

    { $intro }

    Сессий: { $count }. Одобрите или прокомментируйте каждую из них либо программу в целом.
programme-consult-open = 🗳 Посмотреть проект программы
programme-consult-header =
    <b>🗳 Проект программы</b>
    Нажмите номер, чтобы одобрить или прокомментировать сессию.
    ✅ одобрено · 💬 есть комментарий · ▫️ нет ответа
programme-consult-overall = { $mark } <b>Программа в целом:</b> { $state }
programme-consult-state-approve = одобрена
programme-consult-state-comment = есть комментарий
programme-consult-state-none = ответа пока нет
programme-consult-approve-all = ✅ Одобрить программу целиком
programme-consult-comment-all = 💬 Комментарий к программе в целом
programme-consult-done = ✔️ Готово
programme-consult-approve = ✅ Одобрить
programme-consult-comment = 💬 Прокомментировать
programme-consult-you-approved = ✅ Вы одобрили эту сессию.
programme-consult-you-commented = 💬 Ваш комментарий: { $comment }
programme-consult-comment-prompt = 💬 Напишите комментарий к «{ $scope }» одним сообщением (до 2000 символов):
programme-consult-comment-text = Пожалуйста, напишите комментарий текстом.
programme-consult-comment-long = Слишком длинно: уложитесь, пожалуйста, в { $limit } символов.
programme-consult-comment-saved = ✅ Комментарий сохранён. Спасибо!
programme-consult-thanks = ✅ Спасибо!
programme-consult-closed = Обсуждение программы завершено. Спасибо!
programme-consult-not-invited = Проект программы обсуждается с контактными лицами экономик. Если вы — контактное лицо, попросите организаторов отметить это.
programme-consult-whole = Программа в целом

# Обсуждение: организаторы
programme-consult-admin-title =
    <b>🗳 Обсуждение программы</b>
    { $status }

    Получатели: { $audience }.
programme-consult-admin-none = Обсуждения ещё не было.
programme-consult-admin-status-open = 🟠 Открыто с { $opened }; отправлено: { $recipients }; ответили экономик: { $economies }.
programme-consult-admin-status-closed = 🟢 Завершено: окончательная программа опубликована (ответили экономик: { $economies }).
programme-consult-admin-open = 📤 Открыть обсуждение
programme-consult-admin-results = 📊 Итоги по экономикам
programme-consult-admin-export = 📥 Выгрузка (.xlsx)
programme-consult-admin-close = 🏁 Завершить и опубликовать
programme-consult-audience-focal_points = контактные лица экономик
programme-consult-audience-registered = все зарегистрированные участники
programme-consult-confirm-open = { $recipients ->
        [0] Отправлять пока некому: среди регистраций нет получателей (получатели: { $audience }).
       *[other] Отправить проект программы (сессий: { $sessions })? Получатели: { $audience } — { $recipients } чел. из { $economies } экономик.
    }
programme-consult-send = 📤 Отправить
programme-consult-sending = Отправляем: { $count }…
programme-consult-sent = 📤 Проект программы доставлен: { $delivered } из { $count }.
programme-consult-already-open = Обсуждение уже открыто.
programme-consult-confirm-close = Завершить обсуждение и опубликовать окончательную программу? Об этом узнают зарегистрированные участники ({ $participants }). Изменено сессий по сравнению с проектом: { $changes }.
programme-consult-publish = 🏁 Завершить и опубликовать
programme-consult-published = 🏁 Окончательная программа опубликована; уведомлено участников: { $delivered } (изменений: { $changes }).
programme-consult-results-header =
    <b>📊 Итоги обсуждения</b> ({ $status })
    Ответили экономик: { $economies }.
programme-consult-status-open = открыто
programme-consult-status-closed = завершено
programme-consult-economy-line = <b>{ $economy }</b>: { $verdict } · одобрено сессий: { $approved }/{ $total } · комментариев: { $comments }
programme-consult-approved-all = ✅ программа одобрена
programme-consult-commented-all = 💬 комментарий к программе
programme-consult-no-overall = ▫️ нет общего ответа
programme-consult-silent = ⏳ Пока не ответили: { $economies }
programme-consult-see-export = … (остальное — в выгрузке)
programme-consult-sheet = Обсуждение
programme-consult-export-caption = 📥 Ответы участников обсуждения: { $count }.
programme-consult-col-economy = Экономика
programme-consult-col-delegate = Участник
programme-consult-col-scope = Сессия
programme-consult-col-verdict = Ответ
programme-consult-col-comment = Комментарий
programme-consult-col-at = Время
programme-consult-verdict-approve = Одобрено
programme-consult-verdict-comment = Комментарий
