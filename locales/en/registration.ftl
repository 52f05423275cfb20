# Registration: consent, the wizard, profile, badge, check-in, letters, the organisers' queue.

## Consent

registration-consent =
    <b>Registration · { $event_title }</b>

    Before you register, please read how we use your data:

    { $notice }

    <i>Privacy notice, version { $version }.</i> Nothing you enter is stored until you tap “I agree”.
registration-accept = ✅ I agree
registration-decline = ✖️ I don't agree
registration-close = ⬅️ Back to the menu
registration-declined =
    Without your consent we cannot register you: the organisers need these data to invite
    you, arrange travel and prepare the seminar's reports. Nothing about you was stored.

    You can come back and register at any time.
registration-read-again = 📄 Read the notice again
registration-to-menu = 🏠 Main menu

## The wizard

registration-step = Step { $n } of { $total } · <b>{ $label }</b>
registration-current = Current answer: <b>{ $value }</b>
registration-hint-text = Type your answer.
registration-hint-email = Type your e-mail address.
registration-hint-number = Type a number.
registration-hint-phone = Tap “Share my number” below, or type it with the country code.
registration-hint-choice = Tap one of the buttons.
registration-hint-role = Tap one of the buttons. Speakers and organisers: tap “I have an invite code”.
registration-hint-date = Pick a day, or type it like 13.09.2027.
registration-hint-economy = Type part of the name to search, or pick it from the list.
registration-hint-multi = Tap to select or unselect, then tap “Done”.
registration-hint-optional = This one is optional: you may skip it.
registration-back = ⬅️ Back
registration-skip = ⏭ Skip
registration-exit = 💾 Save and exit
registration-yes = Yes
registration-no = No
registration-done-button = ✔️ Done
registration-share-phone = 📱 Share my number
registration-phone-placeholder = +7 000 000-00-00
registration-have-code = 🔑 I have an invite code
registration-invite-prompt = Type the invite code you received from the organisers.
registration-economy-international = 🌐 International organisation
registration-economy-other = Other
registration-economy-all = 📋 Show the whole list
registration-economy-matches = Matches for “{ $query }”:
registration-draft-saved = Saved. Continue any time with “Registration” in the menu.
registration-cancelled = Your answers are saved as a draft. Continue any time with “📝 Registration” in the menu.
registration-skipped = —
registration-not-answered = (not answered yet)
registration-no-name = (no name)

## Bad input

registration-error-empty = The answer is empty. Please type it again.
registration-error-command = That looks like a command. Please type your answer, or send /cancel to stop.
registration-error-too-long = That is too long: { $length } characters, at most { $max } please.
registration-error-type-text = Please type your answer as text.
registration-error-email = That does not look like an e-mail address. Please check it, e.g. name@example.org.
registration-error-phone = That does not look like a phone number. Please type it with the country code, e.g. +7 000 000-00-00.
registration-error-phone-not-yours = Please share your own number (the button below), or type it.
registration-error-date-format = Please pick a day in the calendar, or type the date like 13.09.2027.
registration-error-date-window = Please choose a date between { $first } and { $last }.
registration-error-date-order = This date is before your arrival ({ $earlier }). Please choose a later one.
registration-error-number = Please type a number.
registration-error-number-min = Please type a number of at least { $min }.
registration-error-number-max = Please type a number of at most { $max }.
registration-error-button = Please use the buttons below.
registration-error-invite = That invite code is not valid. Please check it, or go back and choose another role.
registration-error-required = This answer is required.
registration-error-pick-one = Please select at least one.
registration-error-economy-none = No economy matches “{ $query }”. Try another spelling, or pick from the list.
registration-error-locked = This answer can no longer be changed here. Please write to the organisers.
registration-error-passport = Please type the passport number: 5 to 20 letters and digits.
registration-error-citizenship = Please type your citizenship in letters (at most 100 characters).

## Summary and submission

registration-summary = <b>Please check your answers.</b> Tap a field to change it, then “Confirm”.
registration-summary-profile = <b>Your answers.</b> Tap a field to change it.
registration-summary-locked = Economy, role and funding cannot be changed here: please write to the organisers.
registration-confirm = ✅ Confirm and submit
registration-profile-done = ✔️ Done
registration-done-submitted = ✅ <b>Thank you, your registration is submitted.</b> The organisers will review it and you will get a message here.
registration-done-waitlisted =
    ⏳ <b>Your registration is submitted, and your funding request is on the waitlist.</b>
    The { $quota } funded places of your economy are already taken. If a place becomes free, the organisers will offer it to the first person on the waitlist, and you will get a message here.
registration-my-profile = 👤 My profile

## Status and funding

registration-status-line = Status: <b>{ $status }</b>
registration-status-none = not registered
registration-status-draft = draft (not submitted)
registration-status-submitted = submitted, awaiting review
registration-status-approved = approved
registration-status-waitlisted = on the waitlist
registration-status-rejected = not accepted
registration-status-withdrawn = withdrawn
registration-funding-none = Funding: not requested (self-funded).
registration-funding-funded = 💰 Funding: a funded place (airfare and per diem).
registration-funding-alternate = 🅰️ Funding: the alternate place of your economy.
registration-funding-waitlisted = ⏳ Funding: on the waitlist (the funded places are taken).
registration-funding-not-granted = Funding: not granted (self-funded).

## Decisions sent to the delegate

registration-decision-approved =
    🎉 <b>Your registration is approved.</b> { $funding }
    Your badge (a QR code for check-in) follows; it is also in “👤 My data”.
registration-decision-waitlisted = ⏳ Your registration is on the waitlist. We will write to you here if a place becomes free.
registration-decision-rejected = We are sorry: your registration was not accepted.
registration-decision-submitted = Your registration is back under review.
registration-decision-withdrawn = Your registration is withdrawn.
registration-decision-draft = Your registration is a draft.
registration-decision-reason = Reason: { $reason }

## My profile / My data

registration-profile-title = <b>👤 My profile</b>
registration-profile-none = <b>👤 My data</b>
    You are not registered yet. Tap “Register” to start.
registration-profile-draft = <b>👤 My data</b>
    Your registration is not finished yet. Tap “Register” to continue where you stopped.
registration-profile-privacy = /mydata — download everything stored about you. /forget — delete it.
registration-focal-point = ⭐ Focal point of your economy
registration-attended = ✅ Checked in: { $days }
registration-continue = 📝 Register
registration-edit = ✏️ Edit my answers
registration-badge = 🎫 My badge (QR)
registration-badge-none = The badge is available once your registration is approved.
registration-badge-caption =
    🎫 <b>{ $who }</b>
    { $event }
    Show this QR code at the registration desk: the organisers scan it to check you in.
registration-letter = 📄 Invitation letter (visa)
registration-again = 🔁 Register again
registration-withdraw = 🚪 Withdraw
registration-download = 📦 Download my data
registration-erase = 🗑 Delete my data
registration-withdraw-confirm =
    <b>Withdraw your registration?</b>
    Your place (and funding, if any) will be given to someone else. You can register again later, but the place may be gone.
registration-withdraw-yes = 🚪 Yes, withdraw
registration-keep = ⬅️ No, go back
registration-withdrawn = Your registration is withdrawn.
registration-forget-confirm =
    <b>Delete all your data?</b>
    This withdraws your consent and erases your registration, answers, attendance and everything else the bot keeps about you. Only anonymous totals stay in the statistics. This cannot be undone.
registration-forget-yes = 🗑 Yes, delete everything
registration-forgotten = 🗑 Done: your data are deleted and your consent is withdrawn. Send /start if you ever want to come back.
registration-mydata-caption = 📦 Everything the bot stores about you (JSON).

## Invitation letter

registration-letter-intro =
    <b>📄 Invitation letter for a visa</b>
    We prepare it with your registration data, your passport number and citizenship. An organiser checks it and then the letter (DOCX) is sent to you here.
registration-letter-request = 📝 Request a letter
registration-letter-passport = { $error }Type your <b>passport number</b> (letters and digits, as in the passport).
registration-letter-citizenship = { $error }Type your <b>citizenship</b>, as in the passport (e.g. Chile).
registration-letter-status-requested = ⏳ Your request is with the organisers. The letter will be sent to you here.
registration-letter-status-sent = ✅ Your letter has been sent to you in this chat.
registration-letter-status-rejected = Your request was declined. You may request a letter again with corrected data.
registration-letter-unavailable = Invitation letters are not available for this event. Please write to the organisers.
registration-letter-sent-caption = 📄 Your invitation letter for the visa application.
registration-letter-rejected-user = Your request for an invitation letter was declined.
registration-letter-approve = ✅ Approve and send
registration-letter-reject = ✖️ Decline
registration-letter-done = The letter was sent.
registration-letter-already = This request was already decided.
registration-letter-failed = The letter could not be sent (template or delivery problem); see the log.
registration-letter-rejected-done = The request was declined.

## Check-in

registration-checkin-own = 🎫 This is your badge. Show it at the registration desk: the organisers scan it to check you in.
registration-checkin-staff-only = This QR code is for the organisers at the registration desk.
registration-checkin-unknown = ⚠️ Unknown badge: no registration has this code.
registration-checkin-not-approved = ⚠️ { $who }: the registration is { $status }. Not checked in.
registration-checkin-no-event = The seminar is not running today ({ $day }): no check-in recorded.
registration-checkin-already = ℹ️ { $who } is already checked in today (at { $at }).
registration-checkin-done = ✅ { $who } checked in for { $day }.
registration-checkin-welcome = ✅ You are checked in for { $day }. Welcome!
registration-venue-invalid = ⚠️ This check-in code is not valid. Please scan today's code at the venue.
registration-venue-other-day = This check-in code is for { $day }. Please scan today's code at the venue.
registration-venue-not-approved = Only participants with an approved registration can check in. Please come to the registration desk.
registration-venue-already = ℹ️ You are already checked in for { $day }.
registration-venue-caption =
    📍 Venue check-in code for { $day }. Print it or show it at the entrance: approved participants scan it to check themselves in.
    { $url }

## Organisers: notifications

registration-staff-new = 🆕 New registration: <b>{ $who }</b> — { $status }. { $funding }
    Review it in /admin → Registrations queue.
registration-staff-edited = ✏️ <b>{ $who }</b> (approved) changed “{ $field }”.
registration-staff-withdrawn = 🚪 <b>{ $who }</b> withdrew their registration.
registration-staff-erased = 🗑 A participant of { $economy } deleted their data; their registration is erased.
registration-staff-place-freed = 💺 A funded place is free. First on the waitlist: <b>{ $who }</b>. Offer it?
registration-staff-offer-button = ✅ Offer the place
registration-staff-letter =
    📄 Invitation letter requested by <b>{ $who }</b>
    Citizenship: { $citizenship }
    Passport: { $passport }
registration-staff-only = This is for organisers only.

## Organisers: the queue

registration-queue-title = <b>🗂 Registrations</b> (drafts in progress: { $drafts })
    Showing: { $shown }. Tap a registration to open it.
registration-queue-empty = Nobody here.
registration-queue-gone = This registration no longer exists.
registration-queue-stale = Nothing changed: the registration was already in another state.
registration-queue-letters = 📄 Letters ({ $count })
registration-filter-submitted = 📥 Submitted ({ $count })
registration-filter-waitlisted = ⏳ Waitlist ({ $count })
registration-filter-approved = ✅ Approved ({ $count })
registration-filter-rejected = ✖️ Rejected ({ $count })
registration-filter-withdrawn = 🚪 Withdrawn ({ $count })
registration-quotas = 📊 Quotas
registration-approve = ✅ Approve
registration-waitlist = ⏳ Waitlist
registration-reject = ✖️ Reject
registration-promote = 💺 Offer the free funded place
registration-focal-on = ⭐ Make focal point
registration-focal-off = ☆ Not focal point
registration-change-role = 🎭 Role
registration-erase-person = 🗑 Erase personal data
registration-erase-person-confirm =
    <b>Erase everything stored about { $who }?</b>
    Their registration, answers, attendance, questions and dialog state are deleted, as if they had sent /forget, and they are told. Only anonymous totals stay in the statistics. This cannot be undone.
registration-erase-person-yes = 🗑 Yes, erase
registration-erase-person-own = Your own data: send /forget.
registration-erase-person-overseer = Only the Project Overseer can erase a participant's data.
registration-erased-person = 🗑 Erased.
registration-erased-by-organisers = 🗑 The organisers have erased your registration and everything the bot kept about you, at your request or under the data rules of the seminar. Send /start if you want to come back.
registration-role-title = Choose the participant's role:
registration-submitted-at = Submitted: { $at }
registration-telegram-id = Telegram id: { $id }
registration-no-reason = Without a reason
registration-reason-waitlist = Put on the waitlist. Type a reason for the participant (optional), or tap “Without a reason”.
registration-reason-reject = Reject. Type a reason for the participant (optional), or tap “Without a reason”.
registration-reason-letter_reject = Decline the letter. Type a reason for the participant (optional), or tap “Without a reason”.
registration-did-approve = Approved; the participant is notified.
registration-did-waitlist = Waitlisted; the participant is notified.
registration-did-reject = Rejected; the participant is notified.
registration-did-promote = The place is given; the participant is notified.
registration-no-place = No funded or alternate place of this economy is free.
registration-quotas-title = <b>📊 Funded places</b> (travel-eligible economies)
registration-quota-line = { $economy }: funded { $funded }/{ $funded_max } · alternate { $alternates }/{ $alternates_max } · waiting { $waiting } · women { $women } (target { $women_target })
registration-letters-title = <b>📄 Letter requests</b> awaiting a decision:
registration-letters-empty = No letter requests await a decision.

## Organisers: check-in

registration-checkin-title = <b>✅ Check-in</b>
registration-checkin-today = Today, { $day }: <b>{ $present }</b> of { $approved } approved participants present.
registration-checkin-not-today = Today ({ $day }) is not a day of the seminar.
registration-checkin-day = { $day }: { $present } present
registration-checkin-howto = To check a participant in, scan the QR code of their badge with your phone's camera: it opens this chat and records them. Participants can also scan the venue code of the day (tap a day to get it).
registration-checkin-renew = ♻️ New code for today
registration-checkin-renew-not-today = Today is not a day of the seminar.

## Two stages: the nomination, then travel details

registration-hint-name = Tap your name below if it is spelled as in your passport, or type the passport spelling.
registration-travel-title = <b>✈️ Travel details</b>
registration-travel-summary = <b>✈️ Your travel details.</b> Tap a field to change it; every answer is saved at once.
registration-travel-button = ✈️ Travel details
registration-travel-complete = ✈️ Travel details: complete.
registration-travel-missing = ✈️ Travel details still missing: { $fields }.
registration-travel-later = ✈️ Travel details (dates, flight, hotel…) are asked once your registration is approved.
registration-travel-until = You can change them until { $date }.
registration-travel-closed = Travel details could be changed until { $date }. For any change now, please write to the organisers (❓ Ask a question).
registration-travel-not-open = Travel details are asked once your registration is approved.
registration-decision-travel =
    ✈️ <b>Next: your travel details</b> ({ $fields }). Tap the button below (or “👤 My profile” → “✈️ Travel details” later); you can change them until { $date }.
registration-done-follow = ⭐ Sessions you are interested in: open “📅 Programme” and tap ⭐ Follow on each — a reminder comes before it starts.
registration-done-travel = ✈️ You may already give your travel details: “👤 My profile” → “✈️ Travel details”.
registration-queue-travel = ✈️ Travel details: { $given } of { $total } given
