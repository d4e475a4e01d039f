"""Small real videos made in tests from the bundled sample clip."""

from pathlib import Path


def avi_copy(samples: Path, tmp_path: Path, *, loops: int = 1) -> Path:
    """bridging.mp4 re-encoded to MJPG AVI, played ``loops`` times in a row."""
    import cv2

    full = tmp_path / f"full{loops}.avi"
    w = cv2.VideoWriter(str(full), cv2.VideoWriter.fourcc(*"MJPG"), 30.0, (640, 480))
    for _ in range(loops):
        src = cv2.VideoCapture(str(samples / "bridging.mp4"))
        while True:
            ok, frame = src.read()
            if not ok:
                break
            w.write(frame)
        src.release()
    w.release()
    return full
