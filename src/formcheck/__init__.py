"""formcheck: checks hip-flexor exercises rep by rep from pose landmarks."""

__version__ = "0.1.0"
