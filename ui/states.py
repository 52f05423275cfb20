"""Every dialog state group of the bot, in one place. Group names end in `SG`."""

from aiogram.fsm.state import State, StatesGroup


class MainSG(StatesGroup):
    menu = State()


class LanguageSG(StatesGroup):
    choose = State()


class AdminSG(StatesGroup):
    menu = State()


class SurveysSG(StatesGroup):
    """Surveys: the list, one survey's intro, one window per question type, review."""

    list = State()
    intro = State()
    single = State()
    multi = State()
    scale = State()
    yes_no = State()
    text = State()
    number = State()
    matrix = State()
    review = State()
    done = State()


class AdminSurveysSG(StatesGroup):
    """Survey results for organisers."""

    list = State()
    summary = State()
    question = State()


class RegistrationSG(StatesGroup):
    """Registration wizard: consent, one window per field type, the summary."""

    consent = State()
    declined = State()
    text = State()
    phone = State()
    choice = State()
    invite = State()
    boolean = State()
    date = State()
    economy = State()
    multi = State()
    summary = State()
    done = State()


class ProfileSG(StatesGroup):
    """My profile / My data: view, withdraw, badge, invitation letter, erase."""

    view = State()
    withdraw = State()
    forget = State()
    letter = State()
    passport = State()
    citizenship = State()


class AdminRegSG(StatesGroup):
    """Organisers: the registrations queue, one registration, quotas, letters."""

    list = State()
    detail = State()
    reason = State()
    role = State()
    erase = State()  # the overseer erases one participant's personal data
    quotas = State()
    letters = State()
    letter = State()


class CheckinSG(StatesGroup):
    """Organisers: venue check-in codes per day and today's attendance."""

    menu = State()


class AdminRolesSG(StatesGroup):
    """Overseers: the staff list, an organiser's card, adding and removing organisers."""

    list = State()
    member = State()
    add = State()
    confirm_add = State()
    confirm_remove = State()


class AdminStatsSG(StatesGroup):
    """Statistics: overview (status, gender, funding, attendance), economies, profile, surveys."""

    overview = State()
    economies = State()
    profile = State()
    surveys = State()


class AdminExportSG(StatesGroup):
    """Exports: XLSX workbook or ZIP of CSV files."""

    choose = State()


class AdminAuditSG(StatesGroup):
    """The audit log, newest first, a page at a time."""

    list = State()


class LogisticsSG(StatesGroup):
    """Logistics & questions: FAQ topics, a topic's questions, an answer, asking a person."""

    topics = State()
    entries = State()
    answer = State()
    ask = State()
    sent = State()
    mine = State()


class TicketReplySG(StatesGroup):
    """A delegate writes again on a ticket (the Reply button under an organiser's answer)."""

    write = State()


class TicketsSG(StatesGroup):
    """Organisers: the questions (tickets) handed to a person, one ticket's thread."""

    list = State()
    view = State()


class ProgrammeSG(StatesGroup):
    """The programme: days, a day's sessions, a session, now & next, mine, speakers."""

    main = State()
    day = State()
    session = State()
    now = State()
    mine = State()
    speakers = State()
    speaker = State()


class ConsultSG(StatesGroup):
    """A delegate approves or comments on the draft programme."""

    main = State()
    session = State()
    comment = State()


class ConsultAdminSG(StatesGroup):
    """Organisers: open the programme consultation, see results, close and publish."""

    main = State()
    confirm_open = State()
    results = State()
    confirm_close = State()


class BroadcastSG(StatesGroup):
    """Broadcasts & reminders hub; composing, previewing, sending or scheduling; the list."""

    hub = State()
    mode = State()
    text = State()
    attach = State()
    button = State()
    audience = State()
    value = State()
    preview = State()
    confirm = State()
    when = State()
    list = State()
    detail = State()
    cancel = State()


class RemindersSG(StatesGroup):
    """Organisers: the reminder plan, one reminder, edit text/time, send now, cancel, add."""

    list = State()
    detail = State()
    text_lang = State()
    text = State()
    time = State()
    send = State()
    cancel = State()
    add_text = State()
    add_time = State()
    add_audience = State()
    add_confirm = State()


class MaterialsSG(StatesGroup):
    """Published materials for everyone; publishing a link or an uploaded document."""

    list = State()
    publish = State()
    upload = State()
    title = State()
    confirm = State()
