"""Training log: every analysed session kept in an embedded SQLite database."""

from formcheck.log.store import TrainingLog, default_db_path, log_session

__all__ = ["TrainingLog", "default_db_path", "log_session"]
