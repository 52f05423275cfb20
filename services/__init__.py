"""Services: the rules of each feature over its repositories; they commit.

`PERSONAL_DATA_COLLECTORS` / `PERSONAL_DATA_ERASERS` (see `personal_data.py`): what each
feature contributes to `/mydata` and `/forget`; register with `register_personal_data`.
"""

from services.personal_data import (
    PERSONAL_DATA_COLLECTORS,
    PERSONAL_DATA_ERASERS,
    register_personal_data,
)

__all__ = ["PERSONAL_DATA_COLLECTORS", "PERSONAL_DATA_ERASERS", "register_personal_data"]
