"""What the scanning service needs from a camera: frames, until it is closed."""

from __future__ import annotations

from typing import Protocol

import numpy as np


class Camera(Protocol):
    """A source of frames (BGR or grey ``numpy`` arrays)."""

    def read(self) -> np.ndarray | None:
        """The next frame, blocking until one is ready; ``None`` when closed or failing."""
        ...

    def close(self) -> None:
        """Release the device; later reads return ``None``."""
        ...
