"""Cheap filters for the routers in front of the dialogs.

Magic filters checked on the event loop:

aiogram runs every synchronous filter in a worker thread (`asyncio.to_thread` in
`CallableObject.call`), and a magic filter such as `F.data.startswith("fq:")` is one: each
check is a round trip to the thread pool, which costs far more than the comparison (a
callback of a survey passed six of them on its way to the dialogs: about 2 ms of the
update's CPU, bench/throughput.py). `Magic(F...)` checks the same condition in the loop.
"""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram_dialog.utils import CB_SEP
from magic_filter import MagicFilter


class Magic(Filter):
    """`Magic(F.data == "x")` passes where `F.data == "x"` would, without a thread."""

    def __init__(self, magic: MagicFilter) -> None:
        self.magic = magic

    async def __call__(self, obj: TelegramObject) -> Any:
        return self.magic.resolve(obj)

    def __str__(self) -> str:
        return f"Magic({self.magic!r})"


class IsCommand(Filter):
    """A message whose text (or caption, as aiogram's `Command` reads it) starts with "/".

    On a router whose message handlers are all commands: a typed answer of a dialog then
    passes that router with one check instead of one per command."""

    async def __call__(self, message: Message) -> bool:
        return (message.text or message.caption or "").lstrip().startswith("/")


class NotDialogButton(Filter):
    """A callback that is not a dialog's button (aiogram-dialog prefixes the data of its
    buttons with the intent id and `CB_SEP`): dialog buttons skip the handler routers."""

    async def __call__(self, callback: CallbackQuery) -> bool:
        return CB_SEP not in (callback.data or "")
