# Опросы: список, ответы, проверка и отправка; результаты опросов для организаторов.

surveys-list-title = <b>Опросы</b>
    Выберите опрос. ✅ отправлен · ✏️ начат · 🆕 новый · ⏳ ещё не открыт · 🔒 закрыт · 👁 отвечает коллега
surveys-list-empty = <b>Опросы</b>
    Сейчас для вас нет опросов. Мы сообщим, когда какой-нибудь откроется.

surveys-intro-anonymous = 🔒 Опрос анонимный: ваши ответы хранятся без вашего имени.
surveys-intro-economy = Вы отвечаете от имени экономики <b>{ $economy }</b> (один ответ от экономики).
surveys-intro-count = { $total ->
    [one] { $total } вопрос.
    [few] { $total } вопроса.
   *[other] { $total } вопросов.
} Каждый ответ сохраняется сразу: можно прерваться и вернуться позже.
surveys-intro-progress = Отвечено вопросов: { $done } из { $total }. Продолжите с того места, где остановились.
surveys-closes-on = Опрос открыт до { $date }.
surveys-not-open-yet = ⏳ Опрос откроется { $date }.
surveys-closed = 🔒 Опрос закрылся { $date }. Спасибо за интерес!
surveys-already-submitted = ✅ Вы уже отправили ответы на этот опрос. Спасибо!
surveys-editable-until = ✅ Ответы отправлены. Изменить их можно до { $date }.
surveys-editable = ✅ Ответы отправлены. Их ещё можно изменить.
surveys-not-for-you = Этот опрос предназначен не для вас.
surveys-observer-answering = От имени экономики { $economy } отвечает <b>{ $name }</b>. Вы сможете прочитать ответы после их отправки.
surveys-observer-submitted = <b>{ $name }</b> отправил(а) ответы от имени экономики { $economy }.

surveys-btn-start = ▶️ Начать
surveys-btn-continue = ▶️ Продолжить
surveys-btn-change = ✏️ Изменить ответы
surveys-btn-read = 📖 Прочитать ответы
surveys-btn-list = 📋 Опросы
surveys-btn-menu = 🏠 Главное меню
surveys-btn-back = ⬅️ Назад
surveys-btn-skip = ⏭ Пропустить
surveys-btn-skip-session = ⏭ Пропустить сессию
surveys-btn-skip-rest = ⏩ Пропустить остальные
surveys-btn-done = ➡️ Готово
surveys-btn-keep = ✔️ Оставить ответ
surveys-btn-later = 💾 Продолжить позже
surveys-btn-submit = 📨 Отправить
surveys-btn-save = ✅ Готово

surveys-progress = <i>{ $title }</i> · Вопрос { $number } из { $total }
surveys-yes = Да
surveys-no = Нет
surveys-hint-multi = Отметьте все подходящие ответы и нажмите ➡️ Готово.
surveys-hint-multi-max = Выберите не более { $max } и нажмите ➡️ Готово.
surveys-hint-multi-exact = Выберите { $count } и нажмите ➡️ Готово.
surveys-hint-scale = От { $min } до { $max }.
surveys-hint-scale-labels = { $min } — { $min_label } … { $max } — { $max_label }
surveys-hint-text = ✍️ Напишите ответ (не более { NUMBER($limit, useGrouping: 0) } { $limit ->
    [one] символа
   *[other] символов
}).
surveys-hint-number = ✍️ Введите число.
surveys-hint-number-range = ✍️ Введите число от { NUMBER($min, useGrouping: 0) } до { NUMBER($max, useGrouping: 0) }.
surveys-hint-number-min = ✍️ Введите число не меньше { NUMBER($min, useGrouping: 0) }.
surveys-hint-number-max = ✍️ Введите число не больше { NUMBER($max, useGrouping: 0) }.
surveys-matrix-session = Сессия { $number } из { $total } · { $when }
    <b>{ $session }</b>
surveys-your-answer = Ваш ответ: <i>{ $answer }</i>
    Чтобы изменить его, напишите новый.
surveys-saved-later = Ответы сохранены. Возвращайтесь в любое время.

surveys-review-intro = Проверьте ответы (страница { $page } из { $pages }). Чтобы изменить ответ, нажмите ✏️ с его номером, затем 📨 Отправить.
surveys-review-readonly = Ответы (страница { $page } из { $pages }):
surveys-review-by = Отвечает: { $name }.
surveys-answer-skipped = — пропущен
surveys-answer-missing = — ещё нет ответа
surveys-answer-none-chosen = — ничего не выбрано
surveys-answer-matrix = Оценено сессий: { $rated } из { $total }

surveys-done = ✅ Спасибо! Ваши ответы отправлены.
surveys-done-anonymous = ✅ Спасибо! Ваши ответы отправлены анонимно.

surveys-error-use-buttons = Пожалуйста, отвечайте кнопками под вопросом.
surveys-error-old-button = Эта кнопка относится к предыдущему вопросу. Пожалуйста, используйте последнее сообщение.
surveys-error-stale = Этот опрос больше недоступен.
surveys-error-empty-text = Пожалуйста, напишите ответ текстом.
surveys-error-too-long = В вашем ответе { NUMBER($length, useGrouping: 0) } { $length ->
    [one] символ
    [few] символа
   *[other] символов
}, а допускается не более { NUMBER($limit, useGrouping: 0) }. Пожалуйста, сократите его и отправьте снова.
surveys-error-not-a-number = Пожалуйста, введите число, например 25 или 3,5.
surveys-error-range = Пожалуйста, введите число от { NUMBER($min, useGrouping: 0) } до { NUMBER($max, useGrouping: 0) }.
surveys-error-min = Пожалуйста, введите число не меньше { NUMBER($min, useGrouping: 0) }.
surveys-error-max = Пожалуйста, введите число не больше { NUMBER($max, useGrouping: 0) }.
surveys-error-multi-max = Можно выбрать не более { $max }. Сначала снимите отметку с одного из ответов.
surveys-error-multi-min = { $min ->
    [one] Пожалуйста, выберите хотя бы один ответ.
    [few] Пожалуйста, выберите не менее { $min } ответов.
   *[other] Пожалуйста, выберите не менее { $min } ответов.
}
surveys-error-matrix-empty = Пожалуйста, оцените хотя бы одну сессию.
surveys-error-required = На этот вопрос нужно ответить.
surveys-error-incomplete = На вопрос { $number } ещё нужно ответить.
surveys-error-not-respondent = На этот опрос от имени вашей экономики отвечает коллега.
surveys-error-not-open = Опрос откроется { $date }.
surveys-error-closed = Опрос закрылся { $date }. Изменить ответы уже нельзя.
surveys-error-already-submitted = Вы уже отправили ответы на этот опрос.

# Результаты опросов (для организаторов).
surveys-admin-title = <b>Результаты опросов</b>
    Выберите опрос.
surveys-admin-list-empty = <b>Результаты опросов</b>
    В файле мероприятия нет опросов.
surveys-admin-rate-economies = Ответили: <b>{ $responded } из { $total }</b> экономик ({ $percent }%) · в процессе: { $progress }
surveys-admin-rate-people = Ответили: <b>{ $responded } из { $total }</b> участников целевой группы ({ $percent }%) · в процессе: { $progress }
surveys-admin-submitted-total = Всего отправлено: { $count }
surveys-admin-anonymous = 🔒 Опрос анонимный: ответы не связаны с участниками.
surveys-admin-by-economy = По экономикам:
surveys-admin-economy-legend = ✅ отправлено · ✏️ в процессе · ▫️ не начато
surveys-admin-nobody = В целевой группе этого опроса пока никого нет.
surveys-admin-btn-questions = 📊 Ответы по вопросам
surveys-admin-btn-charts = 🖼 Диаграммы
surveys-admin-btn-texts = 💬 Текстовые ответы
surveys-admin-btn-back = ⬅️ Назад
surveys-admin-question-head = <b>Вопрос { $number } из { $total }</b>
surveys-admin-answered = Ответили: { $answered } · пропустили: { $skipped }
surveys-admin-mean = Среднее { $mean } · медиана { $median }
surveys-admin-number = Среднее { $mean } · медиана { $median } · мин. { $min } · макс. { $max }
surveys-admin-texts-count = Текстовых ответов: { $count } (их присылает кнопка 💬).
surveys-admin-word-mean = среднее
surveys-admin-word-median = медиана
surveys-admin-no-answers = Ответов пока нет.
surveys-admin-no-charts = Диаграмм пока нет: нет ответов.
surveys-admin-no-texts = Текстовых ответов пока нет.
surveys-admin-texts-head = <b>{ $question }</b> ({ $count })
surveys-admin-chart-caption = Вопрос { $number }. { $question }
surveys-admin-not-staff = Этот раздел только для организаторов.
