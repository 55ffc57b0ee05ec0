"""Fuzz tests: every parser of outside input returns a value or raises its own typed error."""
