"""Users: who has written to the bot, their language, first and last seen."""

from __future__ import annotations

from datetime import timedelta

from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import User, utcnow

# last_seen is refreshed at most this often, so that a burst of updates is one write.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)


class UserRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    async def touch(self, tg_user: TgUser, language: str) -> tuple[User, bool]:
        """Create the user on first contact or refresh name and last_seen.

        Returns the user and whether anything changed (the caller commits).
        """
        user = await self.session.get(User, tg_user.id)
        now = utcnow()
        if user is None:
            user = User(
                id=tg_user.id,
                first_name=tg_user.first_name or "",
                last_name=tg_user.last_name,
                username=tg_user.username,
                language=language,
                language_chosen=False,
                first_seen=now,
                last_seen=now,
            )
            self.session.add(user)
            return user, True
        changed = False
        for field, value in (
            ("first_name", tg_user.first_name or ""),
            ("last_name", tg_user.last_name),
            ("username", tg_user.username),
        ):
            if getattr(user, field) != value:
                setattr(user, field, value)
                changed = True
        if now - user.last_seen >= LAST_SEEN_RESOLUTION:
            user.last_seen = now
            changed = True
        return user, changed

    async def set_language(self, user: User, language: str) -> None:
        user.language = language
        user.language_chosen = True
