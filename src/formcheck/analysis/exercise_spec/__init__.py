"""The exercise spec.

The spec itself (:mod:`.model`), its one check (:mod:`.check`), what follows from it
(:mod:`.resolved`: thresholds, config model, display) and TOML files (:mod:`.toml`);
the registry of exercises is :mod:`formcheck.analysis.registry`.
"""
