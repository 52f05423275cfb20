"""A fake Telegram Bot API HTTP server for tests.

Point a bot at it with::

    session = AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url))
    bot = Bot("42:TEST", session=session)

Requests arrive as ``POST {base}/bot{token}/{method}`` (form, multipart or JSON) and files are
downloaded from ``GET {base}/file/bot{token}/{file_path}``.

Two ways to run it:

* async: ``await fake.start()`` / ``await fake.stop()`` inside an async test (the server runs in
  the test's event loop; use the ``await fake.wait_*()`` helpers);
* threaded: ``fake.start_in_thread()`` / ``fake.stop_thread()`` (own event loop in a daemon
  thread; use the ``fake.wait_*_sync()`` helpers from sync code, or the async ones from any
  other event loop).

All state is protected by one lock, so every helper may be called from any thread.

Waiting helpers (``wait_for``, ``wait_for_text``) look at calls recorded *after the mark*.  The
mark moves to the end of the call log every time a user action is simulated (``enqueue_*``,
``press``) or ``mark()`` is called, so ``enqueue_message(...)`` followed by ``wait_for_text(...)``
only sees the bot's reaction to that message — even if the bot answered before the wait began.
Pass ``since=0`` to search the whole log, or ``since=fake.mark()`` for an explicit cursor.

The parts: `server` (`FakeBotAPI`, its state, start/stop, configuration) with
its mixins `users`, `waiting`, `transport`, `store`, `methods`; `html` (parse mode),
`params` (request decoding), `common` (errors, records, helpers).
"""

from tests.fakebot.common import (
    BOT_ID,
    BOT_USERNAME,
    Call,
    FakeBotTimeout,
    FakeTelegramError,
    HTMLParseError,
)
from tests.fakebot.html import parse_html
from tests.fakebot.server import FakeBotAPI

__all__ = [
    "BOT_ID",
    "BOT_USERNAME",
    "Call",
    "FakeBotAPI",
    "FakeBotTimeout",
    "FakeTelegramError",
    "HTMLParseError",
    "parse_html",
]
