"""The programme: days, a day's sessions, a session (follow), now & next, my sessions,
speakers, and the calendar file."""

from __future__ import annotations

import operator

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Group, Row, Select, Start, SwitchTo
from aiogram_dialog.widgets.text import Format

from dialogs.programme.getters import (
    day_getter,
    main_getter,
    mine_getter,
    now_getter,
    session_getter,
    speaker_getter,
    speakers_getter,
)
from dialogs.programme.handlers import (
    on_day,
    on_day_step,
    on_follow,
    on_ics_all,
    on_ics_mine,
    on_programme_start,
    on_session,
    on_session_back,
    on_speaker,
)
from ui.states import ConsultSG, ProgrammeSG
from ui.widgets import L

ITEM_ID = operator.itemgetter(1)


def _numbers(widget_id: str) -> Group:
    return Group(
        Select(
            Format("{item[0]}"),
            id=widget_id,
            item_id_getter=ITEM_ID,
            items="sessions",
            on_click=on_session,
        ),
        width=6,
    )


def programme_dialog() -> Dialog:
    return Dialog(
        Window(
            L("programme-title"),
            Column(
                Select(
                    Format("📅 {item[0]}"),
                    id="d",
                    item_id_getter=ITEM_ID,
                    items="days",
                    on_click=on_day,
                )
            ),
            Row(
                SwitchTo(L("programme-now-button"), id="now", state=ProgrammeSG.now),
                SwitchTo(L("programme-mine-button"), id="mine", state=ProgrammeSG.mine),
            ),
            Row(
                SwitchTo(L("programme-speakers-button"), id="spk", state=ProgrammeSG.speakers),
                Button(L("programme-ics-button"), id="ics", on_click=on_ics_all),
            ),
            Start(
                L("programme-consult-button"),
                id="cons",
                state=ConsultSG.main,
                when="can_comment",
            ),
            Cancel(L("back")),
            state=ProgrammeSG.main,
            getter=main_getter,
        ),
        Window(
            Format("{body}"),
            _numbers("s"),
            Row(
                Button(L("programme-prev-day"), id="prev", on_click=on_day_step, when="prev"),
                Button(L("programme-next-day"), id="next", on_click=on_day_step, when="next"),
            ),
            SwitchTo(L("back"), id="bk", state=ProgrammeSG.main),
            state=ProgrammeSG.day,
            getter=day_getter,
        ),
        Window(
            Format("{body}"),
            Button(L("programme-follow"), id="follow", on_click=on_follow, when="can_follow"),
            Button(L("programme-unfollow"), id="unfollow", on_click=on_follow, when="following"),
            Button(L("back"), id="bk", on_click=on_session_back),
            state=ProgrammeSG.session,
            getter=session_getter,
        ),
        Window(
            Format("{body}"),
            _numbers("n"),
            SwitchTo(L("programme-refresh"), id="rf", state=ProgrammeSG.now),
            SwitchTo(L("back"), id="bk", state=ProgrammeSG.main),
            state=ProgrammeSG.now,
            getter=now_getter,
        ),
        Window(
            Format("{body}"),
            _numbers("m"),
            Button(L("programme-ics-mine-button"), id="icsm", on_click=on_ics_mine, when="any"),
            SwitchTo(L("back"), id="bk", state=ProgrammeSG.main),
            state=ProgrammeSG.mine,
            getter=mine_getter,
        ),
        Window(
            L("programme-speakers-title"),
            Group(
                Select(
                    Format("{item[0]}"),
                    id="sp",
                    item_id_getter=ITEM_ID,
                    items="speakers",
                    on_click=on_speaker,
                ),
                width=2,
            ),
            SwitchTo(L("back"), id="bk", state=ProgrammeSG.main),
            state=ProgrammeSG.speakers,
            getter=speakers_getter,
        ),
        Window(
            Format("{body}"),
            _numbers("ss"),
            SwitchTo(L("back"), id="bk", state=ProgrammeSG.speakers),
            state=ProgrammeSG.speaker,
            getter=speaker_getter,
        ),
        on_start=on_programme_start,
    )
