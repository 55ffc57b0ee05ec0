"""The command line both sample writers share: ``python -m MODULE OUT_DIR``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path


def write_samples_command(
    module: str, write: Callable[[Path], list[Path]], argv: list[str] | None = None
) -> int:
    """Write ``module``'s samples into the one folder named on the command line; print each
    file written. Exit status 2 with the usage for anything else."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(f"usage: python -m {module} OUT_DIR", file=sys.stderr)
        return 2
    for path in write(Path(args[0])):
        print(path)
    return 0
