"""Pure core: landmark containers, geometry and smoothing (numpy only, no cv2/mediapipe)."""
