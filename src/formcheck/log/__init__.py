"""Training log: every analysed session kept in an embedded SQLite database."""

from formcheck.log.athletes import DEFAULT_ATHLETE, AthleteSummary, athlete_name
from formcheck.log.store import TrainingLog, default_db_path, log_session

__all__ = ["DEFAULT_ATHLETE", "AthleteSummary", "TrainingLog", "athlete_name", "default_db_path", "log_session"]
