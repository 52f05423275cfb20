# Logistics & questions: FAQ topics, answers to typed questions, tickets (handoff to a person).

logistics-title =
    <b>🧭 Logistics &amp; questions</b>

    Choose a topic, or simply type your question in a message (in English or Russian).
logistics-topic-venue = 📍 Venue
logistics-topic-dates = 🗓 Dates
logistics-topic-programme = 📅 Programme
logistics-topic-registration = 📝 Registration
logistics-topic-accommodation = 🏨 Hotel
logistics-topic-transport = 🚕 Transport
logistics-topic-visa = 🛂 Visa & invitation
logistics-topic-per_diem = 💵 Per diem
logistics-topic-airfare = ✈️ Air ticket
logistics-topic-funding = 💼 Funding
logistics-topic-contacts = ☎️ Contacts
logistics-topic-wifi = 📶 Wi-Fi
logistics-topic-dress_code = 👔 Dress code
logistics-topic-weather = 🌦 Weather
logistics-topic-language = 🗣 Language
logistics-topic-materials = 📚 Materials
logistics-topic-meals = 🍽 Meals
logistics-topic-health = 🩺 Health
logistics-topic-other = ❔ Other
logistics-ask-button = ✍️ Ask the organisers
logistics-mine-button = 📨 My questions
logistics-entries-title =
    <b>{ $topic }</b>
    Choose a question:
logistics-answer-window =
    💡 <b>{ $question }</b>

    { $answer }

    Did this help?
logistics-answer =
    💡 <b>{ $question }</b>

    { $answer }

    Did this help?
logistics-helped-yes = 👍 Yes, thanks
logistics-ask-person = 🙋 Ask a person
logistics-glad = Glad it helped!
logistics-ask-prompt =
    ✍️ Type your question in one message.
    A person from the organisers will reply here, in this chat.
logistics-ask-sent =
    ✅ Your question #{ $ticket } has been sent to the organisers.
    They will reply in this chat.
logistics-more-questions = 🧭 Other topics
logistics-to-menu = 🏠 Main menu
logistics-mine-title =
    <b>📨 My questions</b>

    { $tickets }
logistics-mine-none = You have not asked the organisers anything yet.
logistics-status-open = 🟡 waiting for an answer
logistics-status-answered = 🟢 answered
logistics-status-closed = ⚪ closed

logistics-unsure = 🤔 I am not sure I understood. Is your question about one of these?
logistics-smalltalk = 👋 Hello! Ask me anything about the seminar (venue, hotel, visa, per diem, programme...) or choose a topic.
logistics-open-topics = 🧭 Topics
logistics-escalated =
    🙋 I could not find the answer, so I have passed your question to the organisers (question #{ $ticket }).
    A person will reply here, in this chat.
logistics-escalated-language =
    🙋 I understand English and Russian only, so I have passed your message to the organisers (question #{ $ticket }).
    A person will reply here, in this chat.
logistics-bad-empty = Please type your question in words.
logistics-bad-too_long = That is a very long message. Please keep your question under 1000 characters, or split it into several messages.
logistics-bad-no_words = I can only read questions typed in words. What would you like to know?
logistics-already-sent = Your question is already with the organisers (question #{ $ticket }).
logistics-stale = This button is from an earlier screen.
logistics-text-only = Only text can be passed on. Please type your message.

logistics-reply-from-organisers =
    💬 <b>Answer from the organisers</b> (question #{ $ticket })

    { $text }

    <i>Reply to this message, or tap Reply, to write back.</i>
logistics-reply-button = ✍️ Reply
logistics-solved-button = ✅ Solved, thanks
logistics-solved = Thank you! The question is closed.
logistics-reply-prompt = ✍️ Type your message to the organisers about question #{ $ticket }:
logistics-followup-sent = ✅ Sent to the organisers (question #{ $ticket }).

# Organisers
logistics-ticket-new =
    🎫 <b>New question #{ $ticket }</b>
    From: { $who }

    { $text }

    <i>Reply to this message to answer, or send /reply { $ticket } and your answer.</i>
logistics-ticket-followup =
    💬 <b>Question #{ $ticket }: the delegate writes again</b>
    From: { $who }

    { $text }

    <i>Reply to this message to answer.</i>
logistics-ticket-header =
    🎫 <b>Question #{ $ticket }</b> · { $status }
    From: { $who }
logistics-ticket-type-answer = <i>Type your answer below to send it to the delegate.</i>
logistics-ticket-answered = ✅ The answer to question #{ $ticket } was sent to the delegate.
logistics-ticket-undelivered = ⚠️ The answer to question #{ $ticket } is saved, but the delegate could not be reached (they may have blocked the bot).
logistics-ticket-close = ✅ Close
logistics-ticket-reopen = ↩️ Reopen
logistics-ticket-closed = Question #{ $ticket } is closed.
logistics-ticket-faq = 📌 Add to FAQ
logistics-ticket-unfaq = 🗑 Remove from FAQ
logistics-ticket-promoted = 📌 The answer to question #{ $ticket } is now in the FAQ: the bot will give it to the next delegate who asks the same.
logistics-ticket-not-answered = Question #{ $ticket } has no answer yet: answer it first.
logistics-ticket-withdrawn = The answer was removed from the FAQ.
logistics-answer-too-long = The answer is too long: please keep it under { $limit } characters, or send it in parts.
logistics-ticket-unknown = There is no question #{ $ticket }.
logistics-reply-usage = Send the number of the question and your answer, for example: <code>/reply 12 Your room is booked.</code>
logistics-tickets-header = <b>💬 Open questions: { $open }</b> (answered: { $answered })
logistics-tickets-none = No open questions. 🎉
logistics-tickets-hint = Reply to a question's message to answer it, or send <code>/reply number answer</code>.
logistics-tickets-open = 📂 Manage questions
logistics-tickets-title =
    <b>💬 Questions (tickets)</b>
    Open: { $open } · answered: { $answered } · closed: { $closed }

    Showing: { $status_name }
logistics-tickets-filter-open = 🟡 Open ({ $open })
logistics-tickets-filter-answered = 🟢 Answered ({ $answered })
logistics-consultation-button = 🗳 Programme consultation
