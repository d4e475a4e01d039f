"""People and their history: the sessions of each person in the training log, and charts over weeks."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from formcheck.log.athletes import DEFAULT_ATHLETE

SESSION_ID = re.compile(r"^[0-9]{1,12}$")


def names(db: Path | None) -> list[str]:
    """Everyone in the training log, most recent first, ``me`` always among them."""
    from formcheck.log.store import TrainingLog

    try:
        with TrainingLog(db) as log:
            found = [a.name for a in log.athletes()]
    except Exception:  # an unreadable log: the pages still work, the people page says why
        found = []
    return found if DEFAULT_ATHLETE in found else [*found, DEFAULT_ATHLETE]


def routes(page: Callable[..., Response], settings: Any) -> list[BaseRoute]:
    """``/people``, ``/people/NAME`` and ``/sessions/ID`` (a logged session's report)."""
    from formcheck.web.server import not_found

    async def everyone(request: Request) -> Response:
        from formcheck.log.store import TrainingLog, describe_sqlite_error

        try:
            with TrainingLog(settings.db) as log:
                people = log.athletes()
        except Exception as exc:
            return page(request, "people.html", people=[], problem=describe_sqlite_error(exc))
        return page(request, "people.html", people=people, problem="")

    async def person(request: Request) -> Response:
        from formcheck.errors import FormcheckError
        from formcheck.log.athletes import athlete_name

        try:
            name = athlete_name(request.path_params["name"])
        except FormcheckError:
            return not_found(page, request)
        return page(request, "person.html", **history(settings.db, name))

    async def session(request: Request) -> Response:
        from formcheck.log.store import TrainingLog
        from formcheck.report.html import render_html
        from formcheck.web.server import REPORT_POLICY

        sid = request.path_params["sid"]
        if not SESSION_ID.match(sid):
            return not_found(page, request)
        with TrainingLog(settings.db) as log:
            row = log.conn.execute("SELECT * FROM sessions WHERE id = ?", (int(sid),)).fetchone()
            if row is None:
                return not_found(page, request)
            report = log.report(row)
        return HTMLResponse(render_html(report), headers={"content-security-policy": REPORT_POLICY})

    return [Route("/people", everyone), Route("/people/{name:str}", person), Route("/sessions/{sid:str}", session)]


def history(db: Path | None, name: str) -> dict[str, Any]:
    """What a person's page shows: their sessions (newest first), weekly rows and the charts."""
    from formcheck.log.store import TrainingLog
    from formcheck.log.weekly import weekly
    from formcheck.web.charts import line_chart

    with TrainingLog(db) as log:
        rows = log.sessions(athlete=name)
        sessions = [_session_row(log, r) for r in reversed(rows)]
        weeks = weekly(log.points(athlete=name))
    labels = [w.week.split("-")[1] for w in weeks]

    def series(values: list[float]) -> list[tuple[str, float]]:
        return list(zip(labels, values, strict=True))

    shown = (
        ("Reps per week", [float(w.reps) for w in weeks], None),
        ("Seconds held in form per week", [w.hold_in_form_s for w in weeks], None),
        ("Peak thigh elevation (deg, mean)", [w.peak_thigh_elevation_deg for w in weeks], None),
        ("Fault rate (faulty reps or holds / all)", [w.fault_rate for w in weeks], None),
        ("Programme adherence (days trained / asked)", [w.adherence for w in weeks], 1.0),
    )
    charts = [
        (title, line_chart(series(values), label=title, target=target))
        for title, values, target in shown
        if any(v for v in values if math.isfinite(v))  # a person who never held a position sees no hold chart
    ]
    recent = weeks[-1] if weeks else None
    adherence = (
        f"this week {recent.programme_done} of the {recent.programme_asked} training days the programme asks for"
        if recent is not None and recent.programme_asked
        else ""
    )
    return {"name": name, "sessions": sessions, "weeks": weeks, "charts": charts, "adherence": adherence}


def _session_row(log: Any, row: Any) -> dict[str, Any]:
    report = log.report(row)
    held = sum(h.in_form_s or 0.0 for h in report.own_holds())
    when = datetime.fromisoformat(row["recorded_at"])
    return {
        "id": row["id"], "when": when.strftime("%Y-%m-%d %H:%M"), "exercise": report.title, "reps": row["rep_count"],
        "hold_in_form_s": f"{held:.1f}" if report.own_holds() else "", "faults": len(report.faults),
        "kind": row["input_kind"], "partial": bool(row["partial"]),
        "source": Path(row["source_path"]).name if row["input_kind"] != "camera" else "camera",
    }  # fmt: skip


__all__ = ["history", "names", "routes"]
