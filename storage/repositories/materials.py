"""Published materials: what the admins have sent to the participants (files, links).

Repositories flush; the caller commits.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.base import utcnow
from storage.models.delivery import (
    PublishedMaterial,
)


class MaterialRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def published(self) -> list[PublishedMaterial]:
        rows = await self.session.scalars(
            select(PublishedMaterial).order_by(PublishedMaterial.published_at, PublishedMaterial.id)
        )
        return list(rows.all())

    async def get(self, row_id: int) -> PublishedMaterial | None:
        return await self.session.get(PublishedMaterial, row_id)

    async def published_ids(self) -> set[str]:
        rows = await self.session.scalars(
            select(PublishedMaterial.material_id).where(PublishedMaterial.material_id.is_not(None))
        )
        return {r for r in rows.all() if r}

    def add(
        self,
        *,
        title: dict[str, str],
        material_id: str | None = None,
        url: str | None = None,
        file_id: str | None = None,
        file_name: str | None = None,
        published_by: int | None = None,
    ) -> PublishedMaterial:
        row = PublishedMaterial(
            material_id=material_id,
            title=dict(title),
            url=url,
            file_id=file_id,
            file_name=file_name,
            published_by=published_by,
            published_at=utcnow(),
        )
        self.session.add(row)
        return row

    async def remove(self, row_id: int) -> None:
        await self.session.execute(delete(PublishedMaterial).where(PublishedMaterial.id == row_id))
