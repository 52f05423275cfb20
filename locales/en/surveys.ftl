# Surveys: the list, answering, review and submit; survey results for organisers.

surveys-list-title = <b>Surveys</b>
    Choose a survey. ✅ submitted · ✏️ started · 🆕 new · ⏳ not open yet · 🔒 closed · 👁 answered by a colleague
surveys-list-empty = <b>Surveys</b>
    There are no surveys for you at the moment. We will let you know when one opens.

surveys-intro-anonymous = 🔒 This survey is anonymous: your answers are stored without your name.
surveys-intro-economy = You are answering on behalf of <b>{ $economy }</b> (one response per economy).
surveys-intro-count = { $total ->
    [one] One question.
   *[other] { $total } questions.
} Every answer is saved at once: you can stop and come back later.
surveys-intro-progress = You have answered { $done } of { $total } questions. Continue where you left off.
surveys-closes-on = Open until { $date }.
surveys-not-open-yet = ⏳ This survey opens on { $date }.
surveys-closed = 🔒 This survey closed on { $date }. Thank you for your interest!
surveys-already-submitted = ✅ You have already submitted this survey. Thank you!
surveys-editable-until = ✅ Submitted. You can change the answers until { $date }.
surveys-editable = ✅ Submitted. You can still change the answers.
surveys-not-for-you = This survey is not meant for you.
surveys-observer-answering = <b>{ $name }</b> is answering on behalf of { $economy }. You can read the answers once they are submitted.
surveys-observer-submitted = <b>{ $name }</b> has submitted the answers on behalf of { $economy }.

surveys-btn-start = ▶️ Start
surveys-btn-continue = ▶️ Continue
surveys-btn-change = ✏️ Change answers
surveys-btn-read = 📖 Read the answers
surveys-btn-list = 📋 Surveys
surveys-btn-menu = 🏠 Main menu
surveys-btn-back = ⬅️ Back
surveys-btn-skip = ⏭ Skip
surveys-btn-skip-session = ⏭ Skip session
surveys-btn-skip-rest = ⏩ Skip the rest
surveys-btn-done = ➡️ Done
surveys-btn-keep = ✔️ Keep answer
surveys-btn-later = 💾 Continue later
surveys-btn-submit = 📨 Submit
surveys-btn-save = ✅ Done

surveys-progress = <i>{ $title }</i> · Question { $number } of { $total }
surveys-yes = Yes
surveys-no = No
surveys-hint-multi = Tap every answer that applies, then ➡️ Done.
surveys-hint-multi-max = Choose up to { $max }, then tap ➡️ Done.
surveys-hint-multi-exact = Choose { $count }, then tap ➡️ Done.
surveys-hint-scale = From { $min } to { $max }.
surveys-hint-scale-labels = { $min } = { $min_label } … { $max } = { $max_label }
surveys-hint-text = ✍️ Type your answer (up to { NUMBER($limit, useGrouping: 0) } characters).
surveys-hint-number = ✍️ Type a number.
surveys-hint-number-range = ✍️ Type a number from { NUMBER($min, useGrouping: 0) } to { NUMBER($max, useGrouping: 0) }.
surveys-hint-number-min = ✍️ Type a number of at least { NUMBER($min, useGrouping: 0) }.
surveys-hint-number-max = ✍️ Type a number of at most { NUMBER($max, useGrouping: 0) }.
surveys-matrix-session = Session { $number } of { $total } · { $when }
    <b>{ $session }</b>
surveys-your-answer = Your answer: <i>{ $answer }</i>
    Type a new one to change it.
surveys-saved-later = Your answers are saved. Come back any time.

surveys-review-intro = Check your answers (page { $page } of { $pages }). Tap ✏️ and the number to change one, then 📨 Submit.
surveys-review-readonly = The answers (page { $page } of { $pages }):
surveys-review-by = Answered by { $name }.
surveys-answer-skipped = — skipped
surveys-answer-missing = — not answered yet
surveys-answer-none-chosen = — nothing chosen
surveys-answer-matrix = { $rated } of { $total } sessions rated

surveys-done = ✅ Thank you! Your answers have been submitted.
surveys-done-anonymous = ✅ Thank you! Your answers have been submitted anonymously.

surveys-error-use-buttons = Please answer with the buttons under the question.
surveys-error-old-button = This button is from an earlier question. Please use the latest message.
surveys-error-stale = This survey is no longer available.
surveys-error-empty-text = Please type your answer as text.
surveys-error-too-long = Your answer has { NUMBER($length, useGrouping: 0) } characters; the limit is { NUMBER($limit, useGrouping: 0) }. Please shorten it and send it again.
surveys-error-not-a-number = Please type a number, like 25 or 3.5.
surveys-error-range = Please type a number from { NUMBER($min, useGrouping: 0) } to { NUMBER($max, useGrouping: 0) }.
surveys-error-min = Please type a number of at least { NUMBER($min, useGrouping: 0) }.
surveys-error-max = Please type a number of at most { NUMBER($max, useGrouping: 0) }.
surveys-error-multi-max = You can choose at most { $max }. Untick one first.
surveys-error-multi-min = { $min ->
    [one] Please choose at least one answer.
   *[other] Please choose at least { $min } answers.
}
surveys-error-matrix-empty = Please rate at least one session.
surveys-error-required = This question needs an answer.
surveys-error-incomplete = Question { $number } still needs an answer.
surveys-error-not-respondent = A colleague is answering this survey on behalf of your economy.
surveys-error-not-open = This survey opens on { $date }.
surveys-error-closed = This survey closed on { $date }. Your answers can no longer be changed.
surveys-error-already-submitted = You have already submitted this survey.

# Survey results (organisers).
surveys-admin-title = <b>Survey results</b>
    Choose a survey.
surveys-admin-list-empty = <b>Survey results</b>
    The event file has no surveys.
surveys-admin-rate-economies = Responses: <b>{ $responded } of { $total }</b> economies ({ $percent }%) · in progress: { $progress }
surveys-admin-rate-people = Responses: <b>{ $responded } of { $total }</b> people in the audience ({ $percent }%) · in progress: { $progress }
surveys-admin-submitted-total = Submitted in total: { $count }
surveys-admin-anonymous = 🔒 Anonymous: the answers are not linked to the respondents.
surveys-admin-by-economy = By economy:
surveys-admin-economy-legend = ✅ submitted · ✏️ in progress · ▫️ not started
surveys-admin-nobody = Nobody is in this survey's audience yet.
surveys-admin-btn-questions = 📊 Answers by question
surveys-admin-btn-charts = 🖼 Charts
surveys-admin-btn-texts = 💬 Free-text answers
surveys-admin-btn-back = ⬅️ Back
surveys-admin-question-head = <b>Question { $number } of { $total }</b>
surveys-admin-answered = Answered: { $answered } · skipped: { $skipped }
surveys-admin-mean = Mean { $mean } · median { $median }
surveys-admin-number = Mean { $mean } · median { $median } · min { $min } · max { $max }
surveys-admin-texts-count = Free-text answers: { $count } (the 💬 button sends them).
surveys-admin-word-mean = mean
surveys-admin-word-median = median
surveys-admin-no-answers = No answers yet.
surveys-admin-no-charts = No charts yet: there are no answers to draw.
surveys-admin-no-texts = No free-text answers yet.
surveys-admin-texts-head = <b>{ $question }</b> ({ $count })
surveys-admin-chart-caption = Question { $number }. { $question }
surveys-admin-not-staff = This is for organisers only.
