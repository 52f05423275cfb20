# Broadcasts, reminders, materials and the delivery engine.

## The hub

broadcast-hub-title =
    <b>📣 Broadcasts &amp; reminders</b>
    Send a message to participants now or later, manage the reminder plan and publish materials.
broadcast-new = ✍️ New broadcast
broadcast-list = 🗓 Scheduled & recent
broadcast-reminders = ⏰ Reminders
broadcast-materials = 📚 Materials
broadcast-back = ⬅️ Back
broadcast-close = ✖️ Close
broadcast-skip = Skip ➡️
broadcast-staff-only = This is for organisers only.

## Composing

broadcast-ask-mode = <b>New broadcast</b>
    One text for everyone, or a text per language? With a text per language everyone gets their language (English if theirs is missing).
broadcast-mode-one = 📝 One text for all
broadcast-mode-each = 🌐 A text per language
broadcast-ask-text =
    Send the text{ $language ->
        [none] {""}
       *[other] {" "}in <b>{ $language }</b>
    }. Bold, italics and links are kept (up to { $limit } characters).
broadcast-bad-text = Please send the text as a message (up to { $limit } characters).
broadcast-ask-attachment = Attach a photo or a document? Send it now, or skip.
broadcast-bad-attachment = Please send a photo or a document, or tap Skip.
broadcast-ask-button =
    Add a link button under the message? Send its label and address, like:
    <code>Programme https://example.org/programme</code>
    or skip.
broadcast-bad-button = I need a label and an address starting with https://, like: <code>Programme https://example.org/programme</code>
broadcast-ask-audience = Who should receive it?
broadcast-ask-value = Choose:
broadcast-no-values = Nothing to choose from here.
broadcast-aud-all = 👥 Everyone who has used the bot
broadcast-aud-status = 🗂 By registration status
broadcast-aud-role = 🎤 By role
broadcast-aud-economy = 🌏 By economy
broadcast-aud-language = 🌐 By language
broadcast-aud-funded = 💶 Funded participants
broadcast-aud-attended = ✅ Attended a day
broadcast-aud-non_respondents = 📋 Have not answered a survey
broadcast-aud-unfinished = ⏳ Registration not finished
broadcast-aud-travel_missing = ✈️ Approved, travel details missing
broadcast-any-day = Any day
broadcast-preview =
    <b>Ready to send</b>
    Audience: { $audience }
    Recipients: <b>{ $count }</b>
    Texts: { $languages }
    Attachment: { $attachment }
    Button: { $button }
    Messages per recipient: <b>{ $messages }</b>
broadcast-none = none
broadcast-photo = photo
broadcast-document = document
broadcast-show-preview = 👁 Preview
broadcast-send-now = 🚀 Send now
broadcast-schedule = 🕒 Schedule
broadcast-preview-header = Preview ({ $language }):
broadcast-confirm-send = Send to <b>{ $count }</b> recipients now?
broadcast-yes-send = ✅ Yes, send
broadcast-nobody = Nobody matches this audience. Choose another one.
broadcast-ask-when =
    When should it go? Send the date and time in the event's time zone ({ $tz }), like <code>{ $example }</code>.
broadcast-bad-when = I could not read that. Send the date and time like <code>{ $example }</code>.
broadcast-past-when = That moment has passed. Send a time in the future, like <code>{ $example }</code>.
broadcast-scheduled = 🕒 Broadcast #{ $id } is scheduled for { $when } ({ $tz }). You can cancel it in “Scheduled &amp; recent”.
broadcast-started = 🚀 Broadcast #{ $id } is on its way to { $count } recipients.
broadcast-ok = 👍 OK

## Progress (the message edited while sending)

broadcast-progress =
    📣 <b>Broadcast #{ $id }</b> — sending…
    ✅ sent { $sent } · 🚫 blocked { $blocked } · ⚠️ failed { $failed }
    ⏳ remaining { $remaining } of { $total } · about { $eta } left
broadcast-progress-done =
    📣 <b>Broadcast #{ $id }</b> — finished.
    ✅ sent { $sent } · 🚫 blocked { $blocked } · ⚠️ failed { $failed } (of { $total })
    Failed deliveries are listed in the export.
broadcast-progress-cancelled =
    📣 <b>Broadcast #{ $id }</b> — cancelled.
    ✅ sent { $sent } · 🚫 blocked { $blocked } · ⚠️ failed { $failed } · ✖️ not sent { $cancelled } (of { $total })
broadcast-cancel-button = ⛔ Stop sending
broadcast-cancelled = Broadcast #{ $id } is cancelled; { $count } messages will not be sent.
broadcast-not-running = This broadcast is no longer running.

## Scheduled & recent

broadcast-list-title = <b>Scheduled &amp; recent broadcasts</b>
broadcast-list-empty = <b>Scheduled &amp; recent broadcasts</b>
    Nothing yet.
broadcast-detail =
    <b>Broadcast #{ $id }</b> · { $kind }
    State: { $state }
    { $when }
    Audience: { $audience }
    ✅ sent { $sent } · 🚫 blocked { $blocked } · ⚠️ failed { $failed } · ⏳ pending { $pending } · ✖️ cancelled { $cancelled }

    { $text }
broadcast-detail-failures = Failed: { $failures }
broadcast-when-scheduled = Scheduled for { $when }
broadcast-when-started = Started { $when }
broadcast-when-none = Not started
broadcast-cancel = 🚫 Cancel broadcast
broadcast-confirm-cancel = Cancel broadcast #{ $id }? Messages not sent yet will not go out.
broadcast-yes-cancel = ✅ Yes, cancel
broadcast-state-scheduled = 🕒 scheduled
broadcast-state-sending = 🚀 sending
broadcast-state-done = ✅ done
broadcast-state-cancelled = ✖️ cancelled
broadcast-state-missed = ⚠️ missed
broadcast-kind-broadcast = broadcast
broadcast-kind-reminder = reminder
broadcast-kind-materials = materials
broadcast-kind-session = session reminder
broadcast-kind-notice = notice

## Audiences, described

broadcast-desc-all = everyone who has used the bot
broadcast-desc-status = registration status “{ $value }”
broadcast-desc-registered = registered participants
broadcast-desc-approved = approved participants
broadcast-desc-role = role “{ $value }”
broadcast-desc-delegates = delegates
broadcast-desc-speakers = speakers
broadcast-desc-economy = economy: { $value }
broadcast-desc-language = language: { $value }
broadcast-desc-funded = funded participants
broadcast-desc-attended = attended on { $value }
broadcast-desc-attended-any = attended at least one day
broadcast-desc-non_respondents = have not answered “{ $value }”
broadcast-desc-unfinished = registration not finished
broadcast-desc-organisers = organisers
broadcast-desc-overseers = overseers
broadcast-desc-travel_missing = approved participants with travel details missing
broadcast-desc-session = followers of “{ $value }”
broadcast-desc-unless = { $audience }, who have not answered “{ $survey }”
broadcast-status-draft = draft
broadcast-status-submitted = submitted
broadcast-status-approved = approved
broadcast-status-waitlisted = waitlisted
broadcast-status-rejected = rejected
broadcast-status-withdrawn = withdrawn

## Generated parts of messages

broadcast-open-survey = 📋 Open the survey
broadcast-map = Map
broadcast-inc-materials = Materials
broadcast-inc-contacts = Contacts
broadcast-missed-notice = ⚠️ Scheduled broadcast { $title } was due at { $due } while the bot was down ({ $hours } h ago) and was not sent. Send it again from /broadcast if it is still needed.

## Reminders

reminders-title = <b>⏰ Reminders</b>
    The plan from the event file and reminders added here, by time ({ $tz }). Choose one to edit, cancel or send now.
reminders-empty = <b>⏰ Reminders</b>
    No reminders yet.
reminders-add = ➕ Add a reminder
reminders-detail =
    <b>{ $title }</b> · { $state }
    When: { $when } ({ $tz })
    Audience: { $audience }
    Adds: { $include }
    { $note }
    { $text }
reminders-include-none = nothing
reminders-state-scheduled = 🕒 scheduled
reminders-state-sent = ✅ sent
reminders-state-missed = ⚠️ missed
reminders-state-cancelled = ✖️ cancelled
reminders-sent-counts = ✅ sent { $sent } · 🚫 blocked { $blocked } · ⚠️ failed { $failed } · ⏳ pending { $pending }
reminders-edit-text = ✏️ Edit text
reminders-edit-time = 🕒 Change time
reminders-send-now = 🚀 Send now
reminders-cancel = 🚫 Cancel reminder
reminders-ask-text-lang = Which text do you want to change?
reminders-all-languages = 📝 One text for all languages
reminders-ask-text = Send the new text{ $language ->
        [none] {""}
       *[other] {" "}in <b>{ $language }</b>
    }. Bold, italics and links are kept.
reminders-text-saved = ✏️ The text is saved.
reminders-time-saved = 🕒 Moved to { $when } ({ $tz }).
reminders-confirm-send = Send “{ $title }” now to <b>{ $count }</b> recipients? It will not be sent again at its time.
reminders-confirm-cancel = Cancel “{ $title }”? It will not be sent.
reminders-yes-send = ✅ Yes, send now
reminders-yes-cancel = ✅ Yes, cancel it
reminders-sent = 🚀 “{ $title }” is on its way.
reminders-cancelled = “{ $title }” is cancelled.
reminders-not-scheduled = This reminder is no longer scheduled.
reminders-ask-audience = Who should receive it?
reminders-aud-all = 👥 Everyone
reminders-aud-registered = 📝 Registered
reminders-aud-approved = ✅ Approved
reminders-aud-funded = 💶 Funded
reminders-aud-attended = 🏛 Attended
reminders-aud-delegates = 🧑‍💼 Delegates
reminders-aud-speakers = 🎤 Speakers
reminders-aud-organisers = 🛠 Organisers
reminders-aud-travel_missing = ✈️ Travel details missing
reminders-add-confirm =
    <b>New reminder</b>
    When: { $when } ({ $tz })
    Audience: { $audience }

    { $text }
reminders-save = 💾 Save
reminders-added = ⏰ The reminder is scheduled for { $when } ({ $tz }).
reminders-missed-notice = ⚠️ Reminder “{ $title }” was due at { $due } while the bot was down ({ $hours } h ago, beyond the grace window) and was not sent. Open /reminders to send it now if it is still useful.
reminders-custom = added in the chat

## Materials

materials-title = <b>📚 Materials of the seminar</b>
materials-empty = <b>📚 Materials of the seminar</b>
    Nothing is published yet. The presentations and the publication will appear here after the seminar.
materials-item-file = { $title } — tap the button below
materials-publish = 📤 Publish…
materials-publish-title = <b>Publish a material</b>
    Choose a link from the event file, or upload a document. Approved participants get a message.
materials-upload = 📎 Upload a document
materials-ask-document = Send the document (up to 50 MB).
materials-bad-document = Please send a document (a file), or go back.
materials-ask-title = The title participants will see? Send it, or keep the file name.
materials-use-filename = Keep “{ $name }”
materials-bad-title = Please send a title of up to { $limit } characters.
materials-confirm = Publish “{ $title }”? <b>{ $count }</b> approved participants will be told.
materials-yes-publish = ✅ Publish
materials-published = 📤 “{ $title }” is published; { $count } participants will be told.
materials-already = This material is already published.
materials-announcement = 📚 New material of the seminar: <b>{ $title }</b>
    All materials: /materials
materials-nothing-to-publish = Every link of the event file is published.
