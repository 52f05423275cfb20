"""Export of 10,000 participants and 10,000 survey responses: time and peak memory.

    .venv/bin/python -m bench.export_bench [--participants 10000] [--responses 10000]

Fills a SQLite database (registrations with their form answers, two status changes each,
attendance over the three days, 10,000 anonymous feedback responses, the 21 economies'
questionnaire, 1,000 audit entries), then runs each export in a fresh process and prints
its wall time and peak RSS:

* `cli`: the export alone (`seminar-bot export`, no aiogram);
* `bot`: the same inside a process that has imported aiogram and the dialogs first, as the
  bot is when the overseer sends /export (its baseline RSS is printed too).

Budget (the performance issue): under 10 s and 300 MB for each.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import record  # noqa: E402

BUDGET_SECONDS = 10.0
BUDGET_MB = 300.0
DAYS = (date(2027, 9, 14), date(2027, 9, 15), date(2027, 9, 16))


def peak_mb() -> float:
    """The peak RSS of this process (VmHWM). Not `ru_maxrss`: Linux carries that over
    from the parent through fork and exec, so a child would report its parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def fill(url: str, participants: int, responses: int) -> None:
    from sqlalchemy import insert

    from core.event import load_event
    from core.settings import DEFAULT_EVENT_FILE
    from storage.db import create_engine
    from storage.migrate import upgrade
    from storage.models import AuditEntry, User
    from storage.models.registration import Attendance, Registration, RegistrationChange
    from storage.models.surveys import SurveyAnonymousResponse, SurveyResponse

    seminar = load_event(DEFAULT_EVENT_FILE)
    rng = random.Random(7)
    codes = [e.code for e in seminar.economies]
    sectors = [o.value for o in seminar.registration.field("sector").options]  # type: ignore[union-attr]
    t0 = datetime(2027, 6, 1, tzinfo=UTC)
    engine = create_engine(url)
    await upgrade(engine)
    users, regs, changes, visits = [], [], [], []
    for i in range(1, participants + 1):
        economy = rng.choice(codes)
        gender = rng.choice(["female", "male", "prefer_not_to_say"])
        name = f"Participant {i} Фамилия"
        users.append(
            {
                "id": 10_000 + i,
                "first_name": f"P{i}",
                "language": "en",
                "first_seen": t0,
                "last_seen": t0,
                "language_chosen": False,
            }
        )
        answers = {
            "full_name": name,
            "economy": economy,
            "organisation": f"Organisation {i % 500}",
            "job_title": "Senior expert in intellectual property",
            "sector": rng.choice(sectors),
            "role": "delegate",
            "gender": gender,
            "email": f"p{i}@example.org",
            "phone": "+7 000 000-00-00",
            "funding_requested": i % 3 == 0,
            "arrival_date": "2027-09-13",
            "departure_date": "2027-09-17",
            "flight": "SU 123, SVO, 13 Sep 14:05",
            "hotel_needed": True,
            "dietary": "=vegetarian" if i % 50 == 0 else None,
        }
        regs.append(
            {
                "id": i,
                "user_id": 10_000 + i,
                "status": "approved",
                "answers": answers,
                "full_name": name,
                "economy": economy,
                "organisation": answers["organisation"],
                "sector": answers["sector"],
                "role": "delegate",
                "gender": gender,
                "email": answers["email"],
                "funding_requested": answers["funding_requested"],
                "funding": "none",
                "focal_point": False,
                "consent_version": "1",
                "consent_at": t0,
                "created_at": t0,
                "submitted_at": t0,
                "updated_at": t0,
            }
        )
        changes += [
            {
                "registration_id": i,
                "at": t0,
                "from_status": "draft",
                "to_status": "submitted",
                "actor_id": 10_000 + i,
            },
            {
                "registration_id": i,
                "at": t0 + timedelta(days=1),
                "from_status": "submitted",
                "to_status": "approved",
                "actor_id": 1,
            },
        ]
        for day in DAYS[: rng.randint(0, 3)]:
            visits.append(
                {"registration_id": i, "day": day, "at": t0, "method": "badge", "by_user_id": 1}
            )
    feedback = []
    for i in range(responses):
        feedback.append(
            {
                "id": f"{i:032x}",
                "survey_id": "feedback",
                "answers": {
                    "role": "delegate",
                    "usefulness": rng.randint(1, 5),
                    "relevance": rng.randint(1, 5),
                    "sessions": {
                        "d1-keynote": rng.randint(1, 5),
                        "s2-marketing": rng.randint(1, 5),
                    },
                    "speakers_quality": 4,
                    "organisation": 5,
                    "knowledge_gain": 4,
                    "lessons_learned": "Lessons about IP commercialization " * 3,
                    "outputs_use": ["share", "policy"],
                    "further_activities": "More seminars",
                },
            }
        )
    questionnaire = [
        {
            "survey_id": "best_practice",
            "owner": f"e:{code}",
            "user_id": None,
            "economy": code,
            "answers": {
                "respondent_org": "IP office",
                "support_programmes": True,
                "support_types": ["grants"],
                "comments": "Текст " * 50,
            },
            "started_at": t0,
            "updated_at": t0,
            "submitted_at": t0,
        }
        for code in codes
    ]
    audit = [
        {
            "at": t0,
            "actor_id": 1,
            "action": "registration.approve",
            "target": f"registration:{i}",
            "details": None,
        }
        for i in range(1000)
    ]
    async with engine.begin() as connection:
        for model, rows in (
            (User, users),
            (Registration, regs),
            (RegistrationChange, changes),
            (Attendance, visits),
            (SurveyAnonymousResponse, feedback),
            (SurveyResponse, questionnaire),
            (AuditEntry, audit),
        ):
            for start in range(0, len(rows), 2000):
                await connection.execute(insert(model), rows[start : start + 2000])
    await engine.dispose()
    print(
        f"filled: {participants} registrations, {len(changes)} status changes, "
        f"{len(visits)} check-ins, {responses} feedback responses, 21 questionnaires, "
        f"1000 audit entries"
    )


async def export(url: str, fmt: str, out: Path) -> dict[str, float]:
    from core.event import load_event
    from core.i18n import I18n
    from core.settings import DEFAULT_EVENT_FILE
    from services.exports import ExportContext, run_export
    from storage.db import create_engine, create_session_factory

    seminar = load_event(DEFAULT_EVENT_FILE)
    l10n = I18n().get("en")  # loaded once when the bot starts
    engine = create_engine(url)
    baseline = rss_mb()
    started = time.perf_counter()
    cpu = time.process_time()
    async with create_session_factory(engine)() as session:
        context = ExportContext(session, seminar, l10n, admin_ids=[1])
        result = await run_export(context, fmt, out, "bench")  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    await engine.dispose()
    return {
        "seconds": seconds,
        "cpu": cpu,
        "rows": result.total_rows,
        "files": len(result.files),
        "bytes": sum(p.stat().st_size for p in result.files),
        "baseline_mb": baseline,
        "peak_mb": peak_mb(),
    }


def child(url: str, fmt: str, mode: str, out: str) -> None:
    if mode == "bot":  # what the bot process holds before /export
        import aiogram  # noqa: F401
        import aiogram_dialog  # noqa: F401

        import bot.app  # noqa: F401
    print(json.dumps(asyncio.run(export(url, fmt, Path(out)))))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--child", nargs=4, metavar=("URL", "FORMAT", "MODE", "OUT"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/bench.sqlite3"
        asyncio.run(fill(url, args.participants, args.responses))
        ok = True
        load = os.getloadavg()[0]
        print(f"load average {load:.1f} on {os.cpu_count()} CPUs (wall times grow with it)")
        for mode in ("cli", "bot"):
            for fmt in ("xlsx", "csv"):
                out = Path(tmp) / f"{mode}-{fmt}"
                out.mkdir()
                done = subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "bench.export_bench",
                        "--child",
                        url,
                        fmt,
                        mode,
                        str(out),
                    ],
                    cwd=ROOT,
                    capture_output=True,
                    text=True,
                    check=True,
                    env={**os.environ, "PYTHONPATH": str(ROOT)},
                )
                r = json.loads(done.stdout.strip().splitlines()[-1])
                within = r["seconds"] < BUDGET_SECONDS and r["peak_mb"] < BUDGET_MB
                ok = ok and within
                record(
                    f"export {fmt.upper()} ({mode}), {args.participants} participants "
                    f"+ {args.responses} responses",
                    f"{r['seconds']:.2f} s, peak RSS {r['peak_mb']:.0f} MB",
                    f"< {BUDGET_SECONDS:.0f} s, < {BUDGET_MB:.0f} MB",
                    within,
                )
                print(
                    f"{mode:3} {fmt:4}: {r['rows']:>6} rows, {r['files']} file(s), "
                    f"{r['bytes'] / 1e6:5.1f} MB in {r['seconds']:5.2f} s "
                    f"(CPU {r['cpu']:5.2f} s); "
                    f"RSS before {r['baseline_mb']:5.0f} MB, peak {r['peak_mb']:5.0f} MB"
                    f"{'' if within else '  OVER BUDGET'}"
                )
        print(
            f"budget: < {BUDGET_SECONDS:.0f} s and < {BUDGET_MB:.0f} MB each: "
            f"{'met' if ok else 'NOT met'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
