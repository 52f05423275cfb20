"""The organisers' dashboard: a Telegram Mini App served by the bot's own aiohttp server.

Tables, charts and bulk actions for staff on a bigger screen (docs/dashboard.md). It sits
beside `dialogs/` and `handlers/`: it reads and changes data only through `services/` (and
the UI helpers of `ui/`), and `bot/` mounts it (`mount(app, Dashboard(...))`) on the
webhook server, or on a server of its own in polling mode.
"""

from dashboard.app import Dashboard, create_app, mount

__all__ = ["Dashboard", "create_app", "mount"]
