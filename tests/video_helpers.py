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


def joined_video(clips: list[Path], out: Path, *, fps: float = 30.0) -> list[float]:
    """The clips one after the other in one MJPG AVI, each scaled to 720 px high and centred (a video editor's join).

    Frames are written at ``fps`` in each clip's own time (a 24 fps clip's frames repeated or
    dropped as needed). The times the clips start in the joined video, s.
    """
    import cv2
    import numpy as np

    height = 720
    sizes = []
    for clip in clips:
        cap = cv2.VideoCapture(str(clip))
        sizes.append((cap.get(cv2.CAP_PROP_FRAME_WIDTH), cap.get(cv2.CAP_PROP_FRAME_HEIGHT)))
        cap.release()
    width = int(max(round(w * height / h) for w, h in sizes)) // 2 * 2
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter.fourcc(*"MJPG"), fps, (width, height))
    starts, written = [], 0
    for clip, (w, h) in zip(clips, sizes, strict=True):
        starts.append(written / fps)
        cap = cv2.VideoCapture(str(clip))
        src_fps = cap.get(cv2.CAP_PROP_FPS) or fps
        scaled_w = round(w * height / h)
        left = (width - scaled_w) // 2
        n_src, frame = 0, None
        while True:
            ok, image = cap.read()
            if not ok:
                break
            n_src += 1
            canvas = np.zeros((height, width, 3), np.uint8)
            canvas[:, left : left + scaled_w] = cv2.resize(image, (scaled_w, height))
            frame = canvas
            while written / fps < starts[-1] + n_src / src_fps:
                writer.write(frame)
                written += 1
        cap.release()
    writer.release()
    return starts
