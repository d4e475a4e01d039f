"""The exercise spec.

The spec itself (:mod:`.model`), its one check (:mod:`.check`), what follows from it
(:mod:`.resolved`: thresholds, config model, display), TOML files (:mod:`.toml`) and the
registry of exercises (:mod:`.registry`).
"""
