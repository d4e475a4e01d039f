"""The live window (OpenCV highgui) and its keys: q/Esc quit, p/space pause, r reset set, s switch side."""

from __future__ import annotations

import os
import sys
from enum import StrEnum

import cv2
import numpy as np
import numpy.typing as npt

from formcheck.errors import FormcheckError


class Action(StrEnum):
    """What a key press asks for."""

    QUIT = "quit"
    PAUSE = "pause"
    RESET = "reset"
    SWITCH_SIDE = "switch_side"


KEYS: dict[int, Action] = {
    ord("q"): Action.QUIT,
    27: Action.QUIT,
    ord("p"): Action.PAUSE,
    ord(" "): Action.PAUSE,
    ord("r"): Action.RESET,
    ord("s"): Action.SWITCH_SIDE,
}
HELP = "keys: q quit   p pause   r reset set   s switch side"


NO_DISPLAY = (
    "no display to open a window on (neither $DISPLAY nor $WAYLAND_DISPLAY is set, e.g. over SSH): "
    "running headless, with the feedback in the report"
)


def display_available() -> bool:
    """False on Linux without an X or Wayland display (where opening a window aborts the process)."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


class LiveWindow:
    """A resizable window showing the annotated frames."""

    def __init__(self, title: str = "formcheck") -> None:
        self.title = title
        try:
            cv2.namedWindow(title, cv2.WINDOW_NORMAL)
        except cv2.error as exc:
            raise FormcheckError(f"cannot open a window ({exc.err.strip()}): no display? use --headless") from None
        self._sized = False

    def show(self, image: npt.NDArray[np.uint8]) -> Action | None:
        """Display ``image`` and return the action of a key pressed meanwhile, if any."""
        if not self._sized:
            h, w = image.shape[:2]
            scale = min(1.0, 1280 / w, 720 / h)
            cv2.resizeWindow(self.title, int(w * scale), int(h * scale))
            self._sized = True
        cv2.imshow(self.title, image)
        return self.poll()

    @staticmethod
    def poll(wait_ms: int = 1) -> Action | None:
        """Handle window events; the action of a pressed key, if any."""
        key = cv2.waitKey(wait_ms)
        return KEYS.get(key & 0xFF) if key >= 0 else None

    def close(self) -> None:
        """Close the window."""
        cv2.destroyWindow(self.title)
        cv2.waitKey(1)
