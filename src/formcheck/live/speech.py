"""Optional spoken cues through an offline speech engine (espeak-ng or espeak), never required."""

from __future__ import annotations

import shutil
import subprocess


class Speaker:
    """Speaks short cues without blocking; a new cue does not wait for the previous one."""

    def __init__(self, binary: str) -> None:
        self.binary = binary
        self._proc: subprocess.Popen[bytes] | None = None

    @classmethod
    def find(cls) -> Speaker | None:
        """A speaker when an engine is installed (Debian: ``apt-get install espeak-ng``), else None."""
        for name in ("espeak-ng", "espeak"):
            path = shutil.which(name)
            if path:
                return cls(path)
        return None

    def say(self, text: str) -> None:
        """Speak ``text`` (skipped while the previous cue is still being spoken)."""
        if self._proc is not None and self._proc.poll() is None:
            return
        self._proc = subprocess.Popen(
            [self.binary, "-s", "165", text], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def close(self) -> None:
        """Let the last cue finish (at most 2 s)."""
        if self._proc is not None:
            try:
                self._proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self._proc.kill()
