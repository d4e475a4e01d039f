"""``formcheck app`` refuses what is not its own page, keeps only real videos, never uses a path from the browser.

Fast tier: the real Starlette application through its test client (no browser, no pose model).
Each check has a test that fails when the check is removed.
"""

from __future__ import annotations

import asyncio
import gzip
import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from formcheck.web.security import COOKIE, Guard
from formcheck.web.server import AppSettings, create_app
from formcheck.web.uploads import UploadRefused, shown_name, sniff, store

PORT = 8799
TOKEN = "t" * 43
BASE = f"http://127.0.0.1:{PORT}"
MP4_HEAD = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\x00" * 64


@pytest.fixture
def app_client(tmp_path: Path) -> TestClient:
    settings = AppSettings(
        data_dir=tmp_path / "data", db=tmp_path / "log.sqlite3", port=PORT, token=TOKEN, slots=0, max_upload_bytes=4096
    )
    client = TestClient(create_app(settings), base_url=BASE)
    client.cookies.set(COOKIE, TOKEN)
    return client


def own(**extra: str) -> dict[str, str]:
    return {"origin": BASE, "x-formcheck-token": TOKEN, **extra}


def test_the_printed_link_sets_the_cookie_and_nothing_else_gets_in(tmp_path: Path) -> None:
    settings = AppSettings(data_dir=tmp_path / "d", db=tmp_path / "l.sqlite3", port=PORT, token=TOKEN, slots=0)
    with TestClient(create_app(settings), base_url=BASE) as client:
        refused = client.get("/")
        assert refused.status_code == 403 and "link the app printed" in refused.text
        assert client.get("/?token=wrong").status_code == 403
        opened = client.get(f"/?token={TOKEN}", follow_redirects=False)
        assert opened.status_code == 303 and opened.headers["location"] == "/"
        cookie = opened.headers["set-cookie"]
        assert f"{COOKIE}={TOKEN}" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
        page = client.get("/")
        assert page.status_code == 200 and "Analyse videos" in page.text
        assert TOKEN in page.text  # the page's token, for its own changing requests
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["x-content-type-options"] == "nosniff"


def test_a_foreign_host_is_refused_dns_rebinding(app_client: TestClient) -> None:
    with app_client:
        assert app_client.get("/people").status_code == 200
        rebound = app_client.get("/people", headers={"host": f"attacker.example:{PORT}"})
        assert rebound.status_code == 421 and "127.0.0.1 or localhost" in rebound.text
        assert app_client.get("/people", headers={"host": "127.0.0.1:1"}).status_code == 421  # another port
        assert app_client.get("/people", headers={"host": f"localhost:{PORT}"}).status_code == 200


def test_a_foreign_origin_is_refused_even_with_the_token(app_client: TestClient) -> None:
    with app_client:
        response = app_client.post(
            "/api/uploads?name=a.mp4", content=MP4_HEAD, headers=own(origin="http://attacker.example")
        )
        assert response.status_code == 403 and "not this formcheck app" in response.text
        assert app_client.get("/api/jobs").json() == []


def test_a_changing_request_without_the_token_is_refused(app_client: TestClient) -> None:
    with app_client:
        response = app_client.post("/api/uploads?name=a.mp4", content=MP4_HEAD, headers={"origin": BASE})
        assert response.status_code == 403 and "token" in response.text
        wrong = app_client.post("/api/uploads", content=MP4_HEAD, headers=own(**{"x-formcheck-token": "x" * 43}))
        assert wrong.status_code == 403
        assert app_client.get("/api/jobs").json() == []


def test_a_websocket_from_another_origin_or_without_the_token_is_refused(app_client: TestClient) -> None:
    from starlette.websockets import WebSocketDisconnect

    cases = (
        ({"origin": "http://attacker.example"}, f"?token={TOKEN}", "not this formcheck app"),
        ({"origin": BASE}, "", "token"),
        ({}, f"?token={TOKEN}", "not this formcheck app"),  # no Origin: not a browser page
    )
    with app_client:
        for headers, query, why in cases:
            with (
                pytest.raises(WebSocketDisconnect) as refused,
                app_client.websocket_connect(f"ws://127.0.0.1:{PORT}/ws/live{query}", headers=headers),
            ):
                pass
            assert refused.value.code == 1008 and why in refused.value.reason


def test_uploads_are_sniffed_size_limited_and_stored_under_generated_names(app_client: TestClient) -> None:
    with app_client:
        text = app_client.post("/api/uploads?name=notes.mp4", content=b"just some text, " * 20, headers=own())
        assert text.status_code == 415 and "not a video" in text.json()["error"]
        big = app_client.post("/api/uploads?name=big.mp4", content=MP4_HEAD + b"\x00" * 5000, headers=own())
        assert big.status_code == 413 and "limit" in big.json()["error"]
        hostile = "../../../../etc/passwd\x00<script>.mp4"
        kept = app_client.post("/api/uploads", params={"name": hostile}, content=MP4_HEAD, headers=own())
        assert kept.status_code == 201, kept.text
        job = kept.json()
        assert job["name"] == "passwd<script>.mp4"  # shown (escaped by the page), never a path
        data = Path(app_client.app.state.settings.data_dir)  # type: ignore[attr-defined]
        stored = sorted(p.name for p in (data / "uploads").iterdir())
        assert stored == [f"{job['id']}.mp4"]  # the generated name, the kind from the bytes
        assert not list(data.glob("**/*passwd*"))
        page = app_client.get("/")
        assert "<script>.mp4" not in page.text


def test_only_the_job_result_files_are_served(app_client: TestClient) -> None:
    with app_client:
        job = app_client.post("/api/uploads?name=a.mp4", content=MP4_HEAD, headers=own()).json()
        folder = Path(app_client.app.state.settings.data_dir) / "results" / job["id"]  # type: ignore[attr-defined]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "report.json").write_text("{}")
        (folder / "secret.txt").write_text("no")
        assert app_client.get(f"/jobs/{job['id']}/files/report.json").status_code == 200
        assert app_client.get(f"/jobs/{job['id']}/files/secret.txt").status_code == 404
        assert app_client.get(f"/jobs/{job['id']}/files/..%2F..%2Fjobs%2F{job['id']}.json").status_code == 404
        assert app_client.get("/jobs/..%2Fuploads/files/report.json").status_code == 404
        download = app_client.get(f"/jobs/{job['id']}/files/report.json?download=1")
        assert download.headers["content-disposition"] == 'attachment; filename="a.report.json"'


def test_a_bad_person_or_exercise_is_one_sentence(app_client: TestClient) -> None:
    with app_client:
        bad = app_client.post("/api/uploads?name=a.mp4&exercise=nope", content=MP4_HEAD, headers=own())
        assert bad.status_code == 400 and bad.json()["error"].startswith("unknown exercise")
        nameless = app_client.post("/api/uploads?name=a.mp4&athlete=%20", content=MP4_HEAD, headers=own())
        assert nameless.status_code == 400 and "\n" not in nameless.json()["error"]


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (MP4_HEAD, ".mp4"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ", ".mov"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm", ".webm"),
        (b"RIFF\x00\x00\x00\x00AVI LIST", ".avi"),
        (gzip.compress(b'{"a": 1}\n'), ".jsonl.gz"),
        (b"<html><script>alert(1)</script>", None),
        (b"", None),
    ],
    ids=["mp4", "mov", "webm", "avi", "recording", "html", "empty"],
)
def test_sniff_reads_the_first_bytes(head: bytes, kind: str | None) -> None:
    assert sniff(head) == kind


def test_store_keeps_nothing_of_a_refused_upload(tmp_path: Path) -> None:
    async def chunks(*parts: bytes):  # type: ignore[no-untyped-def]
        for part in parts:
            yield part

    async def run() -> None:
        kept = await store(chunks(MP4_HEAD[:10], MP4_HEAD[10:], b"x" * 100), tmp_path, max_bytes=1000, declared=None)
        assert kept.path.read_bytes() == MP4_HEAD + b"x" * 100 and kept.suffix == ".mp4"
        with pytest.raises(UploadRefused) as over:
            await store(chunks(MP4_HEAD, b"x" * 2000), tmp_path, max_bytes=1000, declared=None)
        assert over.value.status == 413
        with pytest.raises(UploadRefused):
            await store(chunks(b"x" * 10), tmp_path, max_bytes=1000, declared=None)
        with pytest.raises(UploadRefused):
            await store(chunks(MP4_HEAD), tmp_path, max_bytes=1000, declared=5000)

    asyncio.run(run())
    assert sorted(p.name for p in tmp_path.iterdir()) == [next(tmp_path.glob("*.mp4")).name]  # no partial left


def test_guard_rules_on_their_own() -> None:
    guard = Guard(PORT, TOKEN)

    def scope(**headers: str) -> dict[str, object]:
        return {
            "type": "http", "method": "GET", "path": "/people", "query_string": b"",
            "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
        }  # fmt: skip

    cookie = f"{COOKIE}={TOKEN}"
    assert guard.refusal(scope(host=f"127.0.0.1:{PORT}", cookie=cookie)) is None
    assert guard.refusal(scope(host=f"127.0.0.1:{PORT}", cookie=f"{COOKIE}=nope")) is not None
    assert guard.refusal(scope(host=f"127.0.0.1:{PORT}", cookie='bad"cookie')) is not None
    assert guard.refusal(scope(host=f"127.0.0.1:{PORT}", cookie=cookie, origin="null")) is not None


def test_shown_name_is_the_last_printable_part() -> None:
    assert shown_name("C:\\Users\\ana\\squat.mp4") == "squat.mp4"
    assert shown_name("a\x07b.mp4") == "ab.mp4"
    assert shown_name("") == "upload"
    assert len(shown_name("x" * 500)) == 120
    assert json.dumps(shown_name("ü.mp4")) == '"\\u00fc.mp4"'
