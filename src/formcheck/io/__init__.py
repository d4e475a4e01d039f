"""Input/output at the edge: video sources (cv2) and landmark files (pure JSON)."""
