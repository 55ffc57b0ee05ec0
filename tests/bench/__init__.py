"""The benchmark suite (``make bench``): speed and memory figures, each beside a baseline.

Run with ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.bench [--quick]``. Not part of
the pytest run (``norecursedirs``): wall-clock numbers belong here, never in assertions.
"""
