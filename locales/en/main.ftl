# Main menu, help, language, errors.

menu-title =
    <b>{ $event_title }</b>
    { $event_dates } · { $event_venue }

    Choose what you need, or just type a question.
menu-registration = 📝 Registration
menu-programme = 📅 Programme
menu-logistics = 🧭 Logistics & questions
menu-surveys = 📋 Surveys
menu-mydata = 👤 My data
menu-language = 🌐 Language
menu-typed-text = I can't answer typed questions yet. Please use the buttons below.
back = ⬅️ Back
cancel = ✖️ Cancel

language-title = Choose your language:
language-changed = Language set: English.

help-text =
    <b>{ $event_title }</b> — the seminar assistant.

    /start — main menu
    /language — change language
    /help — this message
    /materials — the seminar's materials and outputs
    /mydata — what the bot stores about you
    /forget — erase your data

    Use the buttons in the menu; you can always go back.

error-generic = Sorry, something went wrong on our side. Please try again, or send /start.
error-stale-button = This button is from an earlier screen. Here is a fresh menu.

command-start = Main menu
command-help = Help
command-language = Change language
command-materials = Seminar materials
command-unknown = I don't know this command. Send /help to see what I can do, or /start for the menu.

## Edited messages (handlers/edits.py)
edit-ignored = ✏️ I read only new messages, so this edit was not taken. Please send it again as a new message.
edit-ignored-registration = ✏️ I read only new messages, so this edit was not taken. To change an answer of your registration, tap ✏️ next to it on the summary.
edit-ignored-survey = ✏️ I read only new messages, so this edit was not taken. To change an answer, tap ✏️ next to it on the survey's summary before you submit.
staff-denied = This is for organisers only.
