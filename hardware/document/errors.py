"""The one error the document pipeline raises, with a message a technician can act on."""

from __future__ import annotations


class PageImageError(ValueError):
    """The picture cannot be used: unreadable, empty, of a type or size the pipeline does not
    take. Nothing else escapes the pipeline for any picture."""
