# The programme: days, sessions, now & next, follows, reminders, changes, the consultation.

programme-title =
    <b>📅 Programme</b> · { $title }{ $status }

    Times are { $zone } time. Choose a day:
programme-status-draft = 🟠 Draft programme, under consultation with the economies
programme-status-final = 🟢 Final programme
programme-now-button = ⏱ Now & next
programme-mine-button = ⭐ My sessions
programme-speakers-button = 🎤 Speakers
programme-ics-button = 📥 Calendar (.ics)
programme-ics-mine-button = 📥 My sessions (.ics)
programme-ics-caption = 📥 Open this file to add the sessions to your calendar.
programme-consult-button = 🗳 Comment on the draft
programme-day-header =
    <b>{ $title }</b>
    { $date } · { $zone } time
programme-day-empty = No sessions on this day yet.
programme-prev-day = ◀️ Previous day
programme-next-day = Next day ▶️
programme-session-gone = This session is no longer in the programme.
programme-following = ⭐ You follow this session: a reminder comes before it starts.
programme-not-following = Follow it to get a reminder before it starts.
programme-follow = ⭐ Follow (remind me)
programme-unfollow = ✖️ Unfollow
programme-followed = ⭐ Done! A reminder comes { $minutes } min before the session.
programme-unfollowed = You no longer follow this session.
programme-speakers-title =
    <b>🎤 Speakers</b>
    Choose a speaker:
programme-speaker-gone = This speaker is no longer in the programme.
programme-speaker-sessions = <b>Sessions:</b>
programme-mine-header = <b>⭐ My sessions</b> ({ $zone } time)
programme-mine-none = You do not follow any session yet. Open a session in the programme and tap Follow.
programme-now-header = <b>⏱ Now and next</b> · { $time } ({ $zone })
programme-before-event = The seminar starts on { $date } at { $time }, { $days ->
        [0] today
        [1] tomorrow
       *[other] in { $days } days
    }.
programme-after-event = The seminar is over. Thank you for taking part!
programme-now = <b>Now:</b>
programme-now-nothing = Nothing is running right now.
programme-next = <b>Next:</b>
programme-next-on = <b>Next, on { $date }:</b>
programme-refresh = 🔄 Refresh
programme-open = 📅 Open the programme
programme-open-session = 📅 Open in the programme

# Reminders and changes
programme-reminder =
    ⏰ In { $minutes } min: <b>{ $title }</b>
    { $start }–{ $end } · { $room }
programme-change-header = 📅 <b>Programme change</b> in a session you follow: <b>{ $title }</b>
programme-change-title = Previous title: { $was }
programme-change-when =
    Was: { $was }
    Now: <b>{ $now }</b>
programme-change-speakers = Speakers: { $speakers }
programme-change-removed = ❌ <b>Programme change:</b> the session you follow, <b>{ $title }</b> ({ $was }), has been removed from the programme.
programme-summary-removed = ❌ { $title }: removed
programme-summary-added = ➕ { $title }: { $when }
programme-summary-changed = ✏️ { $title }: now { $when }
programme-summary-more = …and { $count } more.
programme-final-published =
    📅 <b>The final programme of the seminar is published.</b>

    Changes from the draft:
    { $changes }
programme-final-no-changes = No changes from the draft.

# Consultation: delegates
programme-consult-invite =
    🗳 <b>Draft programme for comment</b>

    { $intro }

    { $count } sessions: approve or comment each of them, or the programme as a whole.
programme-consult-open = 🗳 Review the draft programme
programme-consult-header =
    <b>🗳 Draft programme</b>
    Tap a number to approve or comment on a session.
    ✅ approved · 💬 commented · ▫️ no answer yet
programme-consult-overall = { $mark } <b>Whole programme:</b> { $state }
programme-consult-state-approve = approved
programme-consult-state-comment = commented
programme-consult-state-none = no answer yet
programme-consult-approve-all = ✅ Approve the whole programme
programme-consult-comment-all = 💬 Comment on the whole programme
programme-consult-done = ✔️ Done
programme-consult-approve = ✅ Approve
programme-consult-comment = 💬 Comment
programme-consult-you-approved = ✅ You approved this session.
programme-consult-you-commented = 💬 Your comment: { $comment }
programme-consult-comment-prompt = 💬 Type your comment on “{ $scope }” in one message (up to 2000 characters):
programme-consult-comment-text = Please type your comment as text.
programme-consult-comment-long = That is too long: please keep it under { $limit } characters.
programme-consult-comment-saved = ✅ Comment saved. Thank you!
programme-consult-thanks = ✅ Thank you!
programme-consult-closed = The consultation on the programme is closed. Thank you!
programme-consult-not-invited = The draft programme is discussed with the economies' focal points. If you are one, please ask the organisers to mark you as the focal point.
programme-consult-whole = Whole programme

# Consultation: organisers
programme-consult-admin-title =
    <b>🗳 Programme consultation</b>
    { $status }

    Recipients: { $audience }.
programme-consult-admin-none = No consultation yet.
programme-consult-admin-status-open = 🟠 Open since { $opened }; sent to { $recipients }; answers from { $economies } economies.
programme-consult-admin-status-closed = 🟢 Closed: the final programme is published (answers from { $economies } economies).
programme-consult-admin-open = 📤 Open the consultation
programme-consult-admin-results = 📊 Results by economy
programme-consult-admin-export = 📥 Export (.xlsx)
programme-consult-admin-close = 🏁 Close and publish
programme-consult-audience-focal_points = the focal points of the economies
programme-consult-audience-registered = all registered delegates
programme-consult-confirm-open = { $recipients ->
        [0] Nobody to send the draft to yet: there are no { $audience } among the registrations.
       *[other] Send the draft programme ({ $sessions } sessions) to { $audience }: { $recipients } people from { $economies } economies?
    }
programme-consult-send = 📤 Send
programme-consult-sending = Sending to { $count }…
programme-consult-sent = 📤 The draft programme was delivered to { $delivered } of { $count }.
programme-consult-already-open = A consultation is already open.
programme-consult-confirm-close = Close the consultation and publish the final programme? { $participants } registered participants will be told. Sessions changed since the draft: { $changes }.
programme-consult-publish = 🏁 Close and publish
programme-consult-published = 🏁 The final programme is published; { $delivered } participants were told (changes: { $changes }).
programme-consult-results-header =
    <b>📊 Consultation results</b> ({ $status })
    Answers from { $economies } economies.
programme-consult-status-open = open
programme-consult-status-closed = closed
programme-consult-economy-line = <b>{ $economy }</b>: { $verdict } · sessions approved: { $approved }/{ $total } · comments: { $comments }
programme-consult-approved-all = ✅ programme approved
programme-consult-commented-all = 💬 programme commented
programme-consult-no-overall = ▫️ no overall answer
programme-consult-silent = ⏳ No answer yet: { $economies }
programme-consult-see-export = … (the rest is in the export)
programme-consult-sheet = Consultation
programme-consult-export-caption = 📥 Answers to the consultation: { $count }.
programme-consult-col-economy = Economy
programme-consult-col-delegate = Delegate
programme-consult-col-scope = Session
programme-consult-col-verdict = Answer
programme-consult-col-comment = Comment
programme-consult-col-at = Time
programme-consult-verdict-approve = Approved
programme-consult-verdict-comment = Comment
