"""Live sessions: camera capture on its own thread, analysis, overlay window, cues."""
