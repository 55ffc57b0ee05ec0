"""``kiosk scan-document``: the paper-scanning pipeline on one photo, for technicians and for
checks::

    kiosk scan-document IMAGE [--out FILE] [--json]

It finds the page in the photo as the live preview does, prints its four corners (clockwise
from the top-left, in the photo's pixels), the blur (variance of the Laplacian; higher is
sharper), the glare (the share of the page saturated), the page's share of the frame, the
paper's shape, and the hint the kiosk would give; ``--out`` writes the flattened page (PNG or
JPEG by its extension, or a one-page PDF). With ``--json``, exactly one JSON object:
``corners`` (four ``[x, y]`` pairs, or null), ``blur``, ``glare``, ``hint`` (``good``,
``centre``, ``closer``, ``hold_still``, ``glare``, ``no_page``), ``hint_vi``, ``hint_en``,
``page_fraction``, ``touches_edge``, ``paper`` (``"A4/A5"`` for a 1:√2 sheet, or null),
``aspect`` (height over width, or null) and ``out`` (the file written, or null).

Exit status: 0 a page was found (the hint says whether the kiosk would capture it as it is),
1 no page was found (nothing written), 2 the photo cannot be read or the page cannot be
written (one line on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from kiosk.document_hints import DEFAULT_LIMITS, HINT_MESSAGES
from kiosk.settings import Settings

if TYPE_CHECKING:
    from hardware.document.flatten import FlatPage
    from hardware.document.scanner import FrameAnalysis

FOUND, NO_PAGE, CANNOT_READ = 0, 1, 2


def add_commands(subparsers: Any) -> None:
    """Register ``scan-document`` on ``subparsers`` (what ``ArgumentParser.add_subparsers()``
    returned)."""
    scan = subparsers.add_parser(
        "scan-document",
        help="find the page in a photo, say how good it is, write it flattened",
        description="Run the kiosk's paper-scanning pipeline on a photo: the page's corners "
        "(clockwise from the top-left, in the photo's pixels), blur, glare and the hint the "
        "kiosk would give; --out writes the flattened page (.png, .jpg or .pdf). Exit status: "
        "0 a page was found, 1 no page was found, 2 the photo cannot be read or the page "
        "cannot be written.",
    )
    scan.add_argument("image", type=Path, metavar="IMAGE", help="the photo (PNG or JPEG)")
    scan.add_argument(
        "--out", type=Path, metavar="FILE", help="write the flattened page (.png, .jpg, .pdf)"
    )
    scan.add_argument("--json", action="store_true", help="one JSON object, for machines")


def run_command(args: argparse.Namespace, settings: Settings) -> int | None:
    """Run ``kiosk scan-document`` and return its exit status; None when ``args`` is not
    it."""
    if getattr(args, "command", None) != "scan-document":
        return None
    return scan_document(args.image, args.out, as_json=args.json, out=sys.stdout, err=sys.stderr)


def scan_document(
    image: Path, out_file: Path | None, *, as_json: bool, out: TextIO, err: TextIO
) -> int:
    """Scan ``image``, report to ``out`` (problems to ``err``) and return the exit status."""
    # OpenCV loads only for this command, not for every other one.
    from hardware.document.document_file import read_photo, write_page
    from hardware.document.errors import PageImageError
    from hardware.document.flatten import flatten_page
    from hardware.document.scanner import analyse_frame

    try:
        frame = read_photo(image)
        analysis = analyse_frame(frame)
        page = None
        if analysis.outline is not None:
            page = flatten_page(frame, analysis.outline.corners)
            if out_file is not None:
                write_page(page, out_file)
    except PageImageError as exc:
        print(f"kiosk scan-document: {exc}", file=err)
        return CANNOT_READ
    written = out_file if page is not None and out_file is not None else None
    report = _report(analysis, page, written)
    if as_json:
        out.write(json.dumps(report, ensure_ascii=False) + "\n")
    else:
        out.write(_table(report))
    return FOUND if page is not None else NO_PAGE


def _report(analysis: FrameAnalysis, page: FlatPage | None, written: Path | None) -> dict[str, Any]:
    figures = analysis.figures
    message = HINT_MESSAGES[analysis.hint]
    return {
        "corners": analysis.outline.as_pairs() if analysis.outline is not None else None,
        "blur": round(figures.blur, 1),
        "glare": round(figures.glare, 4),
        "hint": str(analysis.hint),
        "hint_vi": message.vi,
        "hint_en": message.en,
        "page_fraction": round(figures.page_fraction, 4),
        "touches_edge": figures.touches_edge,
        "paper": str(page.paper) if page is not None and page.paper is not None else None,
        "aspect": round(page.aspect, 3) if page is not None else None,
        "out": str(written) if written is not None else None,
    }


def _table(report: dict[str, Any]) -> str:
    limits = DEFAULT_LIMITS
    lines = []
    if report["corners"] is None:
        lines.append("corners: no page found")
    else:
        pairs = "  ".join(f"({x:.1f}, {y:.1f})" for x, y in report["corners"])
        lines.append(f"corners (clockwise from the top-left): {pairs}")
    lines.append(
        f"blur:    {report['blur']:.0f} (variance of the Laplacian; below "
        f"{limits.min_blur:.0f} is too soft to read)"
    )
    lines.append(
        f"glare:   {report['glare'] * 100:.1f} % of the page saturated (above "
        f"{limits.max_glare * 100:.0f} % is too much)"
    )
    if report["corners"] is not None:
        paper = report["paper"] or "not A-series"
        cut = "; cut off by the frame's edge" if report["touches_edge"] else ""
        lines.append(
            f"page:    {report['page_fraction'] * 100:.0f} % of the frame (at least "
            f"{limits.min_page_fraction * 100:.0f} %); shape {paper}, height/width "
            f"{report['aspect']:.3f}{cut}"
        )
    lines.append(f"hint:    {report['hint']}: «{report['hint_vi']}» ({report['hint_en']})")
    if report["out"] is not None:
        lines.append(f"wrote:   {report['out']}")
    elif report["corners"] is None:
        lines.append("nothing written: no page to flatten")
    return "\n".join(lines) + "\n"
