admin-title = <b>Меню организаторов</b>
    Выберите задачу.{ $retention }
admin-registrations = 🗂 Очередь регистраций
admin-stats = 📊 Статистика
admin-exports = 📤 Выгрузки
admin-report = 📄 Черновик отчёта
admin-broadcasts = 📣 Рассылки и напоминания
admin-tickets = 💬 Вопросы (обращения)
admin-surveys = 📋 Результаты опросов
admin-checkin = ✅ Регистрация присутствия
admin-roles = 👥 Роли
admin-audit = 🧾 Журнал действий
admin-close = ✖️ Закрыть
