# Главное меню, справка, язык, ошибки.

menu-title =
    <b>{ $event_title }</b>
    { $event_dates } · { $event_venue }

    Выберите нужный раздел или просто напишите вопрос.
menu-registration = 📝 Регистрация
menu-programme = 📅 Программа
menu-logistics = 🧭 Логистика и вопросы
menu-surveys = 📋 Опросы
menu-mydata = 👤 Мои данные
menu-language = 🌐 Язык
menu-typed-text = Пока я не умею отвечать на вопросы текстом. Пожалуйста, воспользуйтесь кнопками ниже.
back = ⬅️ Назад
cancel = ✖️ Отмена

language-title = Выберите язык:
language-changed = Язык: русский.

help-text =
    <b>{ $event_title }</b> — помощник участника семинара.

    /start — главное меню
    /language — сменить язык
    /help — эта справка
    /materials — материалы и итоги семинара
    /mydata — какие данные о вас хранит бот
    /forget — удалить ваши данные

    Пользуйтесь кнопками меню; назад можно вернуться всегда.

error-generic = Извините, у нас что-то пошло не так. Попробуйте ещё раз или отправьте /start.
error-stale-button = Эта кнопка осталась от прежнего экрана. Вот свежее меню.

command-start = Главное меню
command-help = Справка
command-language = Сменить язык
command-materials = Материалы семинара
command-unknown = Я не знаю такой команды. Отправьте /help, чтобы увидеть, что я умею, или /start для меню.
