"""Reports: the JSON contract (``formcheck.report/1``) and its renderings."""
