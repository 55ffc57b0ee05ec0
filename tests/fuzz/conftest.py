"""Registers the fuzz profiles (``ci``, ``long``) before the fuzz modules are collected."""

from tests.fuzz import profiles  # noqa: F401 - importing registers the profiles
