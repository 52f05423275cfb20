admin-title = <b>Organisers' menu</b>
    Choose a task.{ $retention }
admin-registrations = 🗂 Registrations queue
admin-stats = 📊 Statistics
admin-exports = 📤 Exports
admin-report = 📄 Report draft
admin-broadcasts = 📣 Broadcasts & reminders
admin-tickets = 💬 Questions (tickets)
admin-surveys = 📋 Survey results
admin-checkin = ✅ Check-in
admin-roles = 👥 Roles
admin-audit = 🧾 Audit log
admin-close = ✖️ Close
