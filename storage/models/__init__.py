"""SQLAlchemy models, one module per feature; every table comes from an Alembic migration.

Every module in this package is imported here, so `Base.metadata` knows every table
(a new feature only adds its module).
"""

from __future__ import annotations

import importlib
import pkgutil

from storage.models.base import Base, UTCDateTime, utcnow
from storage.models.core import AuditEntry, FSMRecord, StaffRole, User

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["AuditEntry", "Base", "FSMRecord", "StaffRole", "UTCDateTime", "User", "utcnow"]
