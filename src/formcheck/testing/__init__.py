"""Test support shipped with the package: seeded synthetic landmark data."""
