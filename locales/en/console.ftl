# The overseer's console: roles, statistics, exports, the report draft, the audit log.

console-yes = Yes
console-no = No
console-yes-button = ✅ Yes
console-no-button = ✖️ No
console-total = Total
console-unknown = Not given
console-overseer-only = Only the Project Overseer can do this.

## Roles

console-roles-title =
    <b>👥 Roles</b>

    <b>Overseers</b> (set by ADMIN_IDS on the server): { $overseer_count }
    { $overseers }

    <b>Organisers</b>: { $organiser_count ->
        [0] none yet
       *[other] { $organiser_count } — tap one to see or remove
    }

    Organisers run the registrations queue, questions, check-in and broadcasts, and see statistics. Only overseers manage roles, export personal data and erase data.
console-roles-add = ➕ Add an organiser
console-roles-ask-id =
    <b>Add an organiser</b>

    Forward me any message from the person, or send their numeric Telegram ID (they can see it in @userinfobot).
console-roles-bad-id = That is not a Telegram user ID. Send digits only (for example 123456789), or forward a message from the person.
console-roles-hidden = This person's privacy settings hide who they are in forwarded messages. Please send their numeric Telegram ID instead.
console-roles-already-overseer = This person is an overseer already (ADMIN_IDS).
console-roles-already-organiser = This person is an organiser already.
console-roles-confirm-add = Make <b>{ $name }</b> an organiser?{ $note }
console-roles-not-met = They have not written to the bot yet: once they do, /admin opens the organisers' menu for them.
console-roles-confirm-remove = Remove the organiser role of <b>{ $name }</b>?
console-roles-member =
    <b>👤 { $name }</b>
    Organiser since { $added_at }
    Added by { $added_by }
console-roles-remove = 🗑 Remove the organiser role
console-roles-added = Organiser added.
console-roles-removed = Organiser role removed.
console-roles-granted-notice = You are now an organiser of the seminar. Send /admin for the organisers' menu.
console-roles-revoked-notice = Your organiser role for the seminar has been removed.

## Statistics

console-scope-registered = Registered
console-scope-approved = Approved
console-scope-attended = Attended
console-scope-registered-short = Reg
console-scope-approved-short = Appr
console-scope-attended-short = Att
console-stats-gender = Gender
console-stats-sector = Sector
console-stats-role = Role
console-stats-economy = Econ
console-stats-funded-short = Fund
console-stats-alternates-short = Alt
console-stats-women = Women
console-stats-tab-overview = 📊 Summary
console-stats-tab-economies = 🌏 Economies
console-stats-tab-profile = 🏷 Profile
console-stats-tab-surveys = 📋 Surveys
console-stats-charts = 📈 Charts
console-stats-overview =
    <b>📊 Participation</b>
    Registered { $registered } · approved { $approved } · attended { $attended }
    { $statuses } · drafts { $drafts }{ $erased }

    <b>By gender</b>
    { $gender_table }
    <b>Funding</b> (registered): funded { $funding_funded }, alternates { $funding_alternate }, over quota { $funding_waitlisted }, undecided { $funding_pending }, self-funded { $funding_self_funded }
    <b>Women nominated</b>: { $women_met } of { $women_applied } economies reach the target of { $women_target }

    <b>Attendance per day</b>
    { $attendance }
console-stats-economies =
    <b>🌏 By economy</b>
    { $economy_table }
    No applications yet: { $idle }
    ♀ women nominated (target { $women_target }). Fund, Alt: funded and alternate places used of { $quota } and { $alternates } (travel-eligible economies only).
console-stats-profile =
    <b>🏷 By sector</b>
    { $sector_table }
    <b>By role</b>
    { $role_table }
console-stats-surveys =
    <b>📋 Response rates</b>

    { $surveys }
console-stats-survey-rate = <b>{ $title }</b>: { $responded } of { $audience } { $unit ->
        [economies] economies
       *[other] people
    } ({ $percent }%)
console-stats-economies-submitted = ✅ Submitted: { $codes }
console-stats-economies-in-progress = ✏️ In progress: { $codes }
console-stats-economies-not-started = ⏳ Not started: { $codes }
console-stats-travel = ✈️ Travel details of the approved: complete { $complete } · missing { $missing }
console-stats-erased = Erased at their request: { $count } (not counted above)
console-stats-no-surveys = The event file has no surveys.
console-chart-gender = Participants by gender ({ $scope })
console-chart-economies = Registered participants and women nominated, by economy
console-chart-attendance = Attendance per day
console-chart-surveys = Survey response rates, %

## Exports

console-exports-title =
    <b>📤 Exports</b>
    Every sheet: participants, status history, attendance, survey answers, questions, broadcasts, audit log, roles. It holds personal data: keep it safe.
console-exports-xlsx = 📗 Excel workbook (XLSX)
console-exports-csv = 🗜 CSV files (ZIP)
console-export-usage = Send /export for an Excel workbook, or /export csv for CSV files in a ZIP.
console-export-started = ⏳ Preparing the export…
console-export-progress = ⏳ Preparing the export… { $percent }% ({ $done } of { $total } rows)
console-export-done = ✅ Export ready: { $rows } rows in { $files ->
        [one] one file
       *[other] { $files } files
    } ({ $seconds } s).
console-export-failed = ⚠️ The export failed. Please try again later.
console-export-caption = { $format } export, { $rows } rows{ $parts ->
        [1] {""}
       *[other] , part { $part } of { $parts }
    }. Personal data: keep it safe.

## Report

console-report-progress = ⏳ Preparing the report draft…
console-report-done = ✅ The report draft is ready. Open it in Word and write the recommendations.
console-report-failed = ⚠️ The report could not be prepared. Please try again later.
console-report-caption = Completion report draft (DOCX)
console-report-title = Completion report (draft)
console-report-generated = Generated by the seminar bot on { $at }. Check every number before you submit the report.
console-report-facts = Event facts
console-report-fact-title = Title
console-report-fact-dates = Dates
console-report-fact-venue = Venue
console-report-fact-host = Host
console-report-fact-forum = Sponsoring forum
console-report-fact-proposing = Proposing economy
console-report-fact-cosponsors = Co-sponsoring economies
console-report-fact-economies = Member economies
console-report-fact-eligible = Travel-eligible economies
console-report-fact-days = Days
console-report-fact-sessions = Sessions
console-report-fact-speakers = Speakers
console-report-speakers-value = { $total } (women: { $women })
console-report-participation = Participation
console-report-participation-summary = { $registered } registered, { $approved } approved and { $attended } attended; approved participants came from { $economies } economies.
console-report-erased = { $count ->
        [one] One registration was
       *[other] { $count } registrations were
    } erased at the participant's request and not counted in the tables below (by status: { $statuses }; by gender: { $genders }).
console-report-by-status = Registrations by status
console-report-by-gender = Gender breakdown
console-report-by-sector = By sector
console-report-by-role = By role
console-report-by-economy = By economy
console-report-col-item = Item
console-report-col-value = Value
console-report-col-status = Status
console-report-col-count = Number
console-report-col-gender = Gender
console-report-col-share = Share
console-report-col-sector = Sector
console-report-col-role = Role
console-report-col-economy = Economy
console-report-col-women = Women nominated
console-report-col-funded = Funded places
console-report-col-alternates = Alternates
console-report-col-self-funded = Self-funded
console-report-col-day = Day
console-report-col-theme = Theme
console-report-col-session = Session
console-report-col-ratings = Ratings
console-report-col-mean = Average
console-report-col-answer = Answer
console-report-total = Total
console-report-funding = Funding of registered participants: { $funded } funded, { $alternate } alternates, { $waitlisted } over the quota, { $pending } undecided, { $self_funded } self-funded.
console-report-women-target = { $met } of { $applied } economies that applied nominated at least { $target } { $target ->
        [one] woman
       *[other] women
    }.
console-report-attendance = Attendance per day
console-report-questionnaire = Best-practice questionnaire: results per topic
console-report-feedback = Feedback analysis
console-report-helpdesk = Helpdesk themes
console-report-helpdesk-total = Questions typed to the bot: { $questions }. Handed to a person: { $tickets } (answered: { $answered }).
console-report-other-questions = Other questions
console-report-no-survey = The event file has no such survey.
console-report-answered-by = Economies that answered: { $economies }.
console-report-range = from { $low } to { $high }
console-report-mean-word = average
console-report-median-word = median
console-report-theme-unmatched = Not found in the FAQ
console-report-recommendations = Recommendations
console-report-recommendations-placeholder = [To be written by the Project Overseer: recommendations and further activities, with reference to the results above.]
console-report-no-data = No data yet.
console-report-no-answers = No answers.
console-report-responses = { $title }: { $responses } of { $audience } { $unit ->
        [economies] economies
       *[other] people
    } answered.
console-report-answered = Answered: { $answered }
console-report-mean = average { $mean }

## Audit log

console-audit-title =
    <b>🧾 Audit log</b> ({ $total }), page { $page } of { $pages }

    { $entries }
console-audit-empty = Nothing has been recorded yet.
console-audit-system = system
console-audit-newer = ⬅️ Newer
console-audit-older = Older ➡️

## Export sheets and columns

console-sheet-participants = Participants
console-sheet-history = Status history
console-sheet-attendance = Attendance
console-sheet-audit = Audit log
console-sheet-roles = Roles
console-sheet-tickets = Questions to staff
console-sheet-broadcasts = Broadcasts
console-sheet-failures = Delivery failures
console-col-response = Response no.
console-col-economy = Economy
console-col-respondent = Respondent
console-col-session-rating = Rating: { $session }
console-col-ticket = Ticket no.
console-col-question = Question
console-col-answered = Answered
console-col-answered-by = Answered by (Telegram ID)
console-col-closed = Closed
console-col-messages = Messages
console-col-last-answer = Latest answer
console-col-broadcast = Broadcast no.
console-col-kind = Kind
console-col-title = Title
console-col-state = State
console-col-audience = Audience
console-col-created-by = Created by (Telegram ID)
console-col-scheduled = Scheduled for
console-col-started = Started
console-col-finished = Finished
console-col-recipients = Recipients
console-col-delivery-pending = Waiting
console-col-delivery-sending = Sending
console-col-delivery-sent = Delivered
console-col-delivery-blocked = Blocked the bot
console-col-delivery-failed = Failed
console-col-delivery-cancelled = Cancelled
console-col-attempts = Attempts
console-col-error = Error
console-col-registration = Registration no.
console-col-user-id = Telegram ID
console-col-username = Username
console-col-status = Status
console-col-economy-code = Economy code
console-col-funding = Funding
console-col-focal-point = Focal point
console-col-language = Language
console-col-created = Created
console-col-submitted = Submitted
console-col-updated = Updated
console-col-consent-version = Privacy notice version
console-col-consent-at = Consent given
console-col-travel-details = Travel details
console-col-days-attended = Days attended
console-col-full-name = Full name
console-col-at = When
console-col-from-status = From
console-col-to-status = To
console-col-actor-id = By (Telegram ID)
console-col-reason = Reason
console-col-gender = Gender
console-col-day = Day
console-col-checked-in = Checked in
console-col-method = Method
console-col-recorded-by = Recorded by (Telegram ID)
console-col-entry = Entry no.
console-col-actor = By
console-col-action = Action
console-col-target = Target
console-col-details = Details
console-col-name = Name
console-col-role = Role
console-col-added-by = Added by (Telegram ID)
console-col-added-at = Added

console-status-draft = draft
console-status-submitted = submitted
console-status-approved = approved
console-status-waitlisted = waitlisted
console-status-rejected = rejected
console-status-withdrawn = withdrawn
console-funding-none = not funded
console-funding-funded = funded
console-funding-alternate = alternate
console-funding-waitlisted = over the quota
console-role-overseer = overseer
console-role-organiser = organiser
console-economy-intl = International organisation
console-economy-other = Other
console-economy-unknown = Not given
