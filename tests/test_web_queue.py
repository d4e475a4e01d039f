"""The app's queue runs each upload in a worker process and keeps its result across restarts (no browser, no model)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from formcheck.log.store import TrainingLog
from formcheck.web.jobs import OUTCOME
from formcheck.web.security import COOKIE
from formcheck.web.server import AppSettings, create_app

PORT, TOKEN = 8798, "k" * 43
BASE = f"http://127.0.0.1:{PORT}"
HEADERS = {"origin": BASE, "x-formcheck-token": TOKEN}


def client_for(folder: Path) -> TestClient:
    settings = AppSettings(data_dir=folder / "data", db=folder / "log.sqlite3", port=PORT, token=TOKEN, slots=2)
    client = TestClient(create_app(settings), base_url=BASE)
    client.cookies.set(COOKIE, TOKEN)
    return client


def wait_finished(client: TestClient, count: int, timeout_s: float = 60.0) -> list[dict[str, object]]:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        jobs = client.get("/api/jobs").json()
        if len(jobs) == count and all(j["state"] not in ("queued", "running") for j in jobs):
            return list(jobs)
        time.sleep(0.2)
    raise AssertionError(f"not finished: {client.get('/api/jobs').json()}")


def test_an_upload_is_analysed_logged_for_its_person_and_kept_after_a_restart(tmp_path: Path, samples: Path) -> None:
    recording = (samples / "bent_leg_raises.landmarks.jsonl.gz").read_bytes()
    with client_for(tmp_path) as client:
        job = client.post(
            "/api/uploads", params={"name": "knee raises.jsonl.gz", "athlete": "Ana"}, content=recording,
            headers=HEADERS,
        ).json()  # fmt: skip
        (done,) = wait_finished(client, 1)
        assert done["state"] == "done", done
        (first,) = done["outcome"]["sets"]  # type: ignore[index]
        assert (first["exercise"], first["reps"], first["recognition"]) == ("standing-knee-raise", 5, "sure")
        page = client.get(f"/jobs/{job['id']}")
        assert "5 reps" in page.text and "Recognised as Standing knee raise" in page.text
        report = client.get(f"/jobs/{job['id']}/files/report.json").json()
        assert report["source"]["path"] == "knee raises.jsonl.gz"  # the person's name for the file
        person = client.get("/people/Ana")
        assert person.status_code == 200 and person.text.count('class="session"') == 1
    with TrainingLog(tmp_path / "log.sqlite3") as log:
        (row,) = log.sessions(athlete="Ana")
        assert row["rep_count"] == 5
    outcome = tmp_path / "data" / "results" / job["id"] / OUTCOME
    written = outcome.stat().st_mtime_ns
    with client_for(tmp_path) as again:  # the app started again: the finished job is not redone
        (kept,) = again.get("/api/jobs").json()
        assert kept["state"] == "done" and kept["outcome"]["sets"][0]["reps"] == 5
        time.sleep(0.5)
        assert outcome.stat().st_mtime_ns == written


@pytest.mark.slow
def test_an_unfinished_job_is_done_when_the_app_starts_again(tmp_path: Path, samples: Path) -> None:
    with client_for(tmp_path) as client:
        job = client.post(
            "/api/uploads?name=plank.jsonl.gz", content=(samples / "plank.landmarks.jsonl.gz").read_bytes(),
            headers=HEADERS,
        ).json()  # fmt: skip
        wait_finished(client, 1)
    results = tmp_path / "data" / "results"
    (results / job["id"] / OUTCOME).unlink()  # as if the app had stopped before the job finished
    ledger = results / "batch-ledger.jsonl"
    ledger.write_text("")
    with client_for(tmp_path) as again:
        (done,) = wait_finished(again, 1)
        assert done["state"] == "done" and done["outcome"]["sets"][0]["exercise"] == "plank"  # type: ignore[index]
    assert json.loads(ledger.read_text().splitlines()[0])["key"] == job["id"]


@pytest.mark.slow
def test_a_file_that_is_not_what_it_claims_fails_with_one_sentence(tmp_path: Path) -> None:
    with client_for(tmp_path) as client:
        fake = b"\x00\x00\x00\x20ftypisom" + b"\x00" * 2000  # an MP4 header and nothing else
        client.post("/api/uploads?name=holiday.mp4", content=fake, headers=HEADERS)
        (failed,) = wait_finished(client, 1)
    assert failed["state"] == "failed"
    error = str(failed["outcome"]["error"])  # type: ignore[index]
    assert error.startswith("holiday.mp4") and "\n" not in error and "data/uploads" not in error, error
