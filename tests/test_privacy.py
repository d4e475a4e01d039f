"""Nothing leaves the machine: the real `formcheck analyze` on a video, under strace, opens no internet socket."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from formcheck.privacy import ALLOW_FLAG, wants_isolation

ROOT = Path(__file__).resolve().parents[1]
FORMCHECK = Path(sys.executable).parent / "formcheck"


def connects(trace: str) -> list[str]:
    """The connect() calls of an strace log that went to an internet address (not a local socket)."""
    out = []
    for line in trace.splitlines():
        if "connect(" not in line or "AF_UNIX" in line or "AF_NETLINK" in line:
            continue
        addr = re.search(r'inet_(?:addr|pton)\((?:AF_INET6, )?"([^"]+)"', line)
        if addr and (addr.group(1).startswith("127.") or addr.group(1) == "::1"):
            continue  # loopback is local
        out.append(line)
    return out


@pytest.mark.model
@pytest.mark.skipif(shutil.which("strace") is None, reason="strace not installed (.ci/run installs it)")
@pytest.mark.parametrize(("extra", "isolated"), [((), True), ((ALLOW_FLAG,), False)])
def test_analyze_on_a_video_opens_no_internet_socket(tmp_path, extra, isolated):
    log = tmp_path / "trace.txt"
    env = {**os.environ, "FORMCHECK_DB": str(tmp_path / "log.sqlite3")}
    env.pop("FORMCHECK_ALLOW_NETWORK", None)
    cmd = [
        "strace",
        "-f",
        "-qq",
        "-e",
        "trace=connect",
        "-e",
        "signal=none",
        "-o",
        str(log),
        str(FORMCHECK),
        "analyze",
        str(ROOT / "sample_videos" / "bridging.mp4"),
        "-e",
        "lying-leg-raise",
        "--no-progress",
        "--json",
        str(tmp_path / "r.json"),
        *extra,
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    import json

    network = json.loads((tmp_path / "r.json").read_text())["input"]["network"]
    if isolated:
        assert network == "isolated"
        assert connects(log.read_text()) == []
    else:  # with the isolation turned off, MediaPipe does look up its logging host (why it is on by default)
        assert network.startswith("reachable")


def test_only_model_commands_are_isolated_and_the_switch_works(monkeypatch):
    monkeypatch.delenv("FORMCHECK_ALLOW_NETWORK", raising=False)
    assert wants_isolation(["formcheck", "analyze", "v.mp4", "-e", "plank"])
    assert wants_isolation(["formcheck", "-v", "live", "-e", "plank"])
    assert not wants_isolation(["formcheck", "history"])
    assert not wants_isolation(["formcheck", "analyze", "v.mp4", ALLOW_FLAG])
    monkeypatch.setenv("FORMCHECK_ALLOW_NETWORK", "1")
    assert not wants_isolation(["formcheck", "analyze", "v.mp4"])


def test_connects_tells_local_from_internet():
    trace = (
        '1 connect(7, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT\n'
        '1 connect(7, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("127.0.0.53")}, 16) = 0\n'
        '1 connect(7, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 0\n'
    )
    assert len(connects(trace)) == 1 and "10.255.255.53" in connects(trace)[0]
