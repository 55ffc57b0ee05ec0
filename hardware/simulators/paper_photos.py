"""Synthetic photos of paper held up to the kiosk's camera, for the demo and the tests.

A page is rendered with text (the bundled Noto Sans, Vietnamese), a ruled table and a red
seal; it is warped into a known perspective over a cluttered desk, then the camera's troubles
are added as asked: a shadow falling across it, a glare spot, blur, sensor noise. The truth
(the four corners, clockwise from the top-left, and the page as rendered) comes back with
the frame.

The demo's sample papers (a birth certificate, a three-page lease, a driving licence's copy;
every name and number made up) are made here too, deterministically, as the frames the demo
camera replays: for each page, the desk, the page being brought in (cut off, then too far)
and the page held steady, with the truth corners in ``papers.json`` beside them. Run
``python -m hardware.simulators.paper_photos config/demo/papers`` to write them again.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from hardware.simulators.sample_command import write_samples_command

FONT_DIR = Path(__file__).resolve().parents[2] / "config" / "fonts"
FRAME_SIZE = (1280, 720)
PAPER_WHITE = 228
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
LINES = (
    *MOTTO,
    "HỢP ĐỒNG THUÊ NHÀ Ở",
    "Hôm nay, ngày 14 tháng 3 năm 2025, tại Hà Nội,",
    "chúng tôi gồm: Bên cho thuê (Bên A): ông Nguyễn Văn Hùng,",
    "địa chỉ số 12 ngõ 34 phố Láng Hạ, phường Láng, Hà Nội.",
    "Bên thuê (Bên B): bà Trần Thị Mỹ Duyên, số CCCD 001184012345.",
    "Điều 1. Bên A đồng ý cho Bên B thuê căn hộ số 1205, tòa nhà",
    "Sông Hồng Park View, diện tích sử dụng 68 mét vuông.",
    "Điều 2. Giá thuê là 9.500.000 đồng một tháng, trả trước",
    "ngày mùng năm hằng tháng bằng chuyển khoản ngân hàng.",
    "Điều 3. Thời hạn thuê mười hai tháng kể từ ngày ký.",
    "Điều 4. Hai bên cam kết thực hiện đúng các điều khoản trên.",
)
"""The tests' page: a lease on one A4 sheet (A5 carries its first nine lines)."""


@dataclass(frozen=True)
class PaperText:
    """What is printed on one page: the national motto and the title (centred, the motto's
    first line and the title in bold), the body lines, a two-column ruled table, the
    signer's caption beside a red seal, and a line at the foot (a page number)."""

    title: str
    body: tuple[str, ...]
    table: tuple[tuple[str, str], ...] = ()
    signer: str = ""
    footer: str = ""
    motto: tuple[str, str] = MOTTO

    @property
    def lines(self) -> tuple[str, ...]:
        """The lines above the table, the motto and the title first."""
        return (*self.motto, self.title, *self.body)


TEST_PAGE = PaperText(
    title=LINES[2],
    body=LINES[3:],
    table=tuple((f"Khoản mục {row + 1}", f"{(row + 2) * 1_250_000:,} đ") for row in range(4)),
    signer="ĐẠI DIỆN BÊN A",
)


@dataclass(frozen=True)
class Photo:
    """A synthetic frame (BGR) and its truth."""

    frame: np.ndarray
    corners: np.ndarray
    """The page's corners in the frame, TL, TR, BR, BL, 4×2 float."""
    page: np.ndarray
    """The page as rendered (grey), before any of the camera's troubles."""

    @property
    def diagonal(self) -> float:
        """The page's diagonal in the frame (the longer of its two), in pixels."""
        tl, tr, br, bl = self.corners
        return float(max(np.linalg.norm(br - tl), np.linalg.norm(bl - tr)))


def render_page(paper: str = "A4", long_side: int = 1400) -> np.ndarray:
    """The tests' page of text as a BGR image, portrait, 1:√2 (A4 and A5 differ in their type
    size: an A5 sheet carries the same text larger)."""
    if paper == "A4":
        return render_text(TEST_PAGE, long_side)
    return render_text(replace(TEST_PAGE, body=LINES[3:9]), long_side, lines_per_page=36)


def render_text(text: PaperText, long_side: int = 1400, lines_per_page: int = 52) -> np.ndarray:
    """``text`` as a BGR image of a portrait 1:√2 page ``long_side`` pixels tall, the type
    ``long_side / lines_per_page`` pixels high."""
    width = round(long_side / math.sqrt(2))
    image = Image.new("RGB", (width, long_side), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    size = round(long_side / lines_per_page)
    font = ImageFont.truetype(str(FONT_DIR / "NotoSans-Regular.ttf"), size)
    bold = ImageFont.truetype(str(FONT_DIR / "NotoSans-Bold.ttf"), round(size * 1.15))
    margin = round(width * 0.09)
    y = round(long_side * 0.07)
    for index, line in enumerate(text.lines):
        face = bold if index in (0, 2) else font
        x = (width - draw.textlength(line, font=face)) / 2 if index < 3 else margin
        draw.text((x, y), line, font=face, fill=(0, 0, 0))
        y += round(size * (2.4 if index in (1, 2) else 1.7))
    # a ruled table, a signature line and a red seal
    top = y + size
    rows = len(text.table)
    row_height = round(size * 1.8)
    if rows:
        for row in range(rows + 1):
            yy = top + row * row_height
            draw.line([(margin, yy), (width - margin, yy)], fill=(0, 0, 0), width=2)
        for xx in (margin, width // 2, width - margin):
            draw.line([(xx, top), (xx, top + rows * row_height)], fill=(0, 0, 0), width=2)
    for row, (label, value) in enumerate(text.table):
        yy = top + row * row_height + round(size * 0.35)
        draw.text((margin + 10, yy), label, font=font, fill=(0, 0, 0))
        draw.text((width // 2 + 10, yy), value, font=font, fill=(0, 0, 0))
    if text.signer:
        seal_y = min(long_side - round(long_side * 0.14), top + rows * row_height + size * 3)
        radius = round(width * 0.09)
        centre = (width - margin - radius, seal_y)
        draw.ellipse(
            [centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius],
            outline=(200, 20, 30),
            width=max(3, radius // 12),
        )
        draw.text((margin, seal_y), text.signer, font=bold, fill=(0, 0, 0))
    if text.footer:
        foot_x = (width - draw.textlength(text.footer, font=font)) / 2
        draw.text(
            (foot_x, long_side - round(long_side * 0.06)), text.footer, font=font, fill=(0, 0, 0)
        )
    return cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2BGR)


def cluttered_desk(seed: int, size: tuple[int, int] = FRAME_SIZE) -> np.ndarray:
    """A wooden desk with things on it: shapes, lines and scraps of dark print."""
    rng = np.random.default_rng(seed)
    width, height = size
    desk = np.zeros((height, width, 3), np.float32)
    desk[:] = (60, 85, 115)  # brown, BGR
    grain = rng.normal(0, 1, (height, 1)).astype(np.float32)
    desk += cv2.GaussianBlur(np.repeat(grain, width, axis=1), (0, 0), 3)[:, :, None] * 12
    image = np.clip(desk, 0, 255).astype(np.uint8)
    for _ in range(40):
        colour = tuple(int(c) for c in rng.integers(20, 160, 3))
        kind = rng.integers(0, 3)
        x, y = int(rng.integers(0, width)), int(rng.integers(0, height))
        if kind == 0:
            w, h = (int(v) for v in rng.integers(20, 130, 2))
            cv2.rectangle(image, (x, y), (x + w, y + h), colour, -1)
        elif kind == 1:
            cv2.circle(image, (x, y), int(rng.integers(10, 70)), colour, -1)
        else:
            x2, y2 = int(rng.integers(0, width)), int(rng.integers(0, height))
            cv2.line(image, (x, y), (x2, y2), colour, int(rng.integers(2, 8)))
    for _ in range(6):
        x, y = int(rng.integers(0, width - 200)), int(rng.integers(20, height))
        cv2.putText(image, "Hoa don 2025", (x, y), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (25, 25, 25), 2)
    return image


def photograph(
    page: np.ndarray | None,
    corners: np.ndarray,
    *,
    seed: int = 1,
    shadow: float = 0.35,
    glare: float = 0.0,
    blur: float = 0.6,
    noise: float = 3.0,
    size: tuple[int, int] = FRAME_SIZE,
    desk_seed: int | None = None,
) -> Photo:
    """``page`` held with its corners at ``corners`` over a cluttered desk (the desk alone
    when ``page`` is None).

    ``shadow``: how much light the darkest side of the page loses (a hand or the kiosk's
    hood); ``glare``: the radius of a saturated reflection, as a share of the page's
    diagonal (0: none); ``blur``: a Gaussian's sigma in pixels (a moving hand is 3 or more);
    ``noise``: the sensor's, as a standard deviation in grey levels; ``desk_seed``: the
    desk's (``seed``, which also draws the noise, when None)."""
    width, height = size
    rng = np.random.default_rng(seed)
    desk = cluttered_desk(seed if desk_seed is None else desk_seed, size)
    frame: np.ndarray = desk.astype(np.float32)
    mask: np.ndarray = np.zeros((height, width, 1), np.float32)
    if page is not None:
        page_h, page_w = page.shape[:2]
        source = np.array([[0, 0], [page_w, 0], [page_w, page_h], [0, page_h]], np.float32)
        transform = cv2.getPerspectiveTransform(source, corners.astype(np.float32))
        paper = page.astype(np.float32) * (PAPER_WHITE / 255.0)
        warped = cv2.warpPerspective(paper, transform, size, flags=cv2.INTER_AREA)
        ones = np.ones((page_h, page_w), np.float32)
        mask = cv2.warpPerspective(ones, transform, size)[:, :, None]
        frame = frame * (1 - mask) + warped * mask
    # a shadow across the frame, from the left, falling off smoothly
    xs = np.linspace(0.0, 1.0, width, dtype=np.float32)[None, :]
    ys = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
    light = 1.0 - shadow * np.clip(1.0 - (0.8 * xs + 0.4 * ys), 0.0, 1.0)
    frame *= light[:, :, None]
    if glare > 0:
        tl, tr, br, bl = corners
        centre = (tl * 0.3 + tr * 0.3 + br * 0.2 + bl * 0.2).astype(np.float32)
        diagonal = float(np.linalg.norm(br - tl))
        radius = glare * diagonal
        gx = (np.arange(width, dtype=np.float32)[None, :] - centre[0]) / radius
        gy = (np.arange(height, dtype=np.float32)[:, None] - centre[1]) / radius
        spot = np.exp(-(gx**2 + gy**2) * 1.5)
        frame += (spot * 400.0)[:, :, None] * mask
    if blur > 0:
        frame = cv2.GaussianBlur(frame, (0, 0), blur)
    frame = frame + np.asarray(rng.normal(0.0, noise, frame.shape), np.float32)
    bgr = np.clip(frame, 0, 255).astype(np.uint8)
    grey_page = (
        np.zeros((0, 0), np.uint8) if page is None else cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    )
    return Photo(bgr, corners.astype(np.float64), grey_page)


def held_corners(
    centre: tuple[float, float],
    height: float,
    *,
    tilt_x: float = 0.0,
    tilt_y: float = 0.0,
    turn_deg: float = 0.0,
    focal: float = 1100.0,
    size: tuple[int, int] = FRAME_SIZE,
) -> np.ndarray:
    """The corners, TL TR BR BL in the frame, of a portrait 1:√2 page ``height`` pixels tall
    (as it would look square on) at ``centre``, turned by ``turn_deg`` in its plane and
    tilted by ``tilt_x``/``tilt_y`` radians about its vertical/horizontal axis, through a
    pinhole camera of focal length ``focal`` pixels."""
    half_w, half_h = height / math.sqrt(2) / 2, height / 2
    flat = np.array([[-half_w, -half_h, 0], [half_w, -half_h, 0], [half_w, half_h, 0],
                     [-half_w, half_h, 0]], np.float64)  # fmt: skip
    turn = math.radians(turn_deg)
    rz = np.array([[math.cos(turn), -math.sin(turn), 0], [math.sin(turn), math.cos(turn), 0],
                   [0, 0, 1]])  # fmt: skip
    ry = np.array([[math.cos(tilt_x), 0, math.sin(tilt_x)], [0, 1, 0],
                   [-math.sin(tilt_x), 0, math.cos(tilt_x)]])  # fmt: skip
    rx = np.array([[1, 0, 0], [0, math.cos(tilt_y), -math.sin(tilt_y)],
                   [0, math.sin(tilt_y), math.cos(tilt_y)]])  # fmt: skip
    points = flat @ (rx @ ry @ rz).T
    depth = focal  # square on, the page is drawn at its own size
    cx, cy = centre
    px = size[0] / 2 + focal * (points[:, 0] + (cx - size[0] / 2)) / (depth + points[:, 2])
    py = size[1] / 2 + focal * (points[:, 1] + (cy - size[1] / 2)) / (depth + points[:, 2])
    return np.stack([px, py], axis=1)


def write_sample(path: Path, photo: Photo) -> Path:
    """``photo``'s frame written to ``path`` (PNG or JPEG by extension)."""
    cv2.imwrite(str(path), photo.frame)
    return path


# --- the demo's sample papers ---------------------------------------------------------------

SAMPLE_NOTE = "Giấy tờ mẫu minh họa, không có giá trị pháp lý"
"""At the foot of every sample page: the names and numbers on them are made up."""


def _lease(
    page: int, body: tuple[str, ...], table: tuple[tuple[str, str], ...] = (), signer: str = ""
) -> PaperText:
    """A page of the sample three-page lease."""
    title = "HỢP ĐỒNG THUÊ NHÀ" if page == 1 else "HỢP ĐỒNG THUÊ NHÀ (tiếp theo)"
    return PaperText(title, body, table, signer, footer=f"Trang {page}/3 - {SAMPLE_NOTE}")


SAMPLE_DOCUMENTS: tuple[tuple[str, tuple[PaperText, ...]], ...] = (
    (
        "giay-chung-sinh",
        (
            PaperText(
                "GIẤY CHỨNG SINH",
                (
                    "Số: 0001/MẪU-CS          Quyển số: 01/2025",
                    "Họ và tên mẹ: NGUYỄN THỊ MẪU",
                    "Năm sinh: 1990          Dân tộc: Kinh",
                    "Số định danh: 000000000001 (số mẫu)",
                    "Nơi cư trú: số 1 phố Ví Dụ, phường Minh Họa, Hà Nội",
                    "Đã sinh con vào lúc 08 giờ 30 phút, ngày 05/06/2025",
                    "Tại: Bệnh viện Phụ sản Minh Họa, Hà Nội",
                    "Số con trong lần sinh: 01    Giới tính: Nữ",
                    "Cân nặng: 3.200 gam",
                    "Dự định đặt tên con: NGUYỄN THỊ THỬ",
                ),
                table=(("Người đỡ đẻ", "BS. Trần Văn Mẫu"), ("Ngày cấp", "06/06/2025")),
                signer="THỦ TRƯỞNG CƠ SỞ Y TẾ",
                footer=SAMPLE_NOTE,
            ),
        ),
    ),
    (
        "hop-dong-thue-nha",
        (
            _lease(
                1,
                (
                    "Hôm nay, ngày 01 tháng 7 năm 2025, tại Hà Nội,",
                    "chúng tôi gồm: Bên cho thuê (Bên A): ông TRẦN VĂN MẪU,",
                    "số định danh 000000000002 (số mẫu),",
                    "địa chỉ số 2 ngõ Ví Dụ, phường Minh Họa, Hà Nội.",
                    "Bên thuê (Bên B): bà LÊ THỊ THỬ,",
                    "số định danh 000000000003 (số mẫu).",
                    "Hai bên thỏa thuận ký hợp đồng thuê nhà như sau:",
                    "Điều 1. Bên A cho Bên B thuê căn hộ số 0000, tòa nhà",
                    "Minh Họa, diện tích sử dụng 68 mét vuông.",
                ),
            ),
            _lease(
                2,
                (
                    "Điều 2. Giá thuê và cách trả",
                    "Giá thuê là 9.500.000 đồng một tháng, trả trước",
                    "ngày mùng năm hằng tháng bằng chuyển khoản.",
                    "Điều 3. Thời hạn thuê",
                    "Mười hai tháng kể từ ngày ký hợp đồng này.",
                    "Điều 4. Tiền đặt cọc",
                    "Bên B đặt cọc một tháng tiền thuê, hoàn lại khi",
                    "hết hạn hợp đồng.",
                ),
                table=(
                    ("Tiền thuê tháng", "9.500.000 đ"),
                    ("Tiền đặt cọc", "9.500.000 đ"),
                    ("Phí dịch vụ", "850.000 đ"),
                ),
            ),
            _lease(
                3,
                (
                    "Điều 5. Trách nhiệm của các bên",
                    "Bên A giao căn hộ đúng hiện trạng đã thỏa thuận.",
                    "Bên B giữ gìn căn hộ và trả tiền thuê đúng hạn.",
                    "Điều 6. Điều khoản chung",
                    "Hợp đồng lập thành hai bản, mỗi bên giữ một bản",
                    "có giá trị như nhau.",
                ),
                signer="BÊN A            BÊN B",
            ),
        ),
    ),
    (
        "giay-phep-lai-xe",
        (
            PaperText(
                "GIẤY PHÉP LÁI XE",
                (
                    "DRIVER'S LICENSE - BẢN SAO / COPY",
                    "Số / No.: 000000000004 (số mẫu)",
                    "Họ tên / Full name: PHẠM VĂN MẪU",
                    "Ngày sinh / Date of birth: 01/01/1985",
                    "Quốc tịch / Nationality: Việt Nam",
                    "Nơi cư trú: số 4 phố Ví Dụ, phường Minh Họa, Hà Nội",
                ),
                table=(
                    ("Hạng / Class", "A1, B"),
                    ("Ngày trúng tuyển", "12/05/2015"),
                    ("Có giá trị đến", "12/05/2035"),
                ),
                signer="SAO Y BẢN CHÍNH",
                footer=SAMPLE_NOTE,
            ),
        ),
    ),
)
"""The demo's documents in the order it shows them, each a file stem and its pages."""

SAMPLE_DESK_SEED = 18
"""One desk under the kiosk's camera for every sample, so the empty scene is the same."""
SAMPLE_SHADOW = 0.5
"""The kiosk's hood shades the left of the desk: half the light lost at the darkest."""
SAMPLE_JPEG_QUALITY = 80
MANIFEST = "papers.json"


@dataclass(frozen=True)
class Pose:
    """Where a page is held: its centre, its height square on, its tilts and turn (see
    :func:`held_corners`), and how blurred the camera sees it."""

    centre: tuple[float, float]
    height: float
    tilt_x: float = 0.0
    tilt_y: float = 0.0
    turn_deg: float = 0.0
    blur: float = 0.6

    def corners(self) -> np.ndarray:
        """The page's corners in the frame."""
        return held_corners(
            self.centre, self.height, tilt_x=self.tilt_x, tilt_y=self.tilt_y,
            turn_deg=self.turn_deg,
        )  # fmt: skip


STEADY_POSES = (
    Pose((640, 362), 590, tilt_x=0.30, tilt_y=0.12, turn_deg=4),
    Pose((620, 360), 580, tilt_x=-0.28, tilt_y=0.15, turn_deg=-6),
    Pose((655, 365), 585, tilt_x=0.22, tilt_y=-0.20, turn_deg=7),
    Pose((630, 358), 595, tilt_x=-0.18, tilt_y=-0.15, turn_deg=-3),
    Pose((648, 362), 575, tilt_x=0.35, tilt_y=0.05, turn_deg=-8),
)
"""The pages held steady, one pose per sample page in turn (tilted, a little turned)."""
APPROACH = (
    ("cut-off", Pose((1120, 600), 470, tilt_x=0.25, turn_deg=18, blur=1.6)),
    ("far", Pose((760, 420), 250, tilt_x=0.2, turn_deg=10, blur=1.0)),
)
"""The page being brought in, before it is held steady: cut off at the frame's corner,
then in the middle but too far away."""


@dataclass(frozen=True)
class SampleFrame:
    """One frame of a sample page, and where the page's corners truly are in it."""

    path: Path
    corners: tuple[tuple[float, float], ...]
    """TL, TR, BR, BL, in the frame's pixels."""


@dataclass(frozen=True)
class SamplePage:
    """One page of a sample document: the frames of it being brought in, then held still."""

    document: str
    number: int
    of: int
    approach: tuple[SampleFrame, ...]
    steady: SampleFrame


@dataclass(frozen=True)
class PaperSamples:
    """The demo's sample papers: the empty desk, then every page in the order shown."""

    empty: Path
    pages: tuple[SamplePage, ...]


class SampleFilesError(ValueError):
    """The sample papers' folder is missing or not as the generator writes it."""


def write_paper_samples(out_dir: Path) -> list[Path]:
    """Write the demo's sample papers and their ``papers.json`` into ``out_dir``; the same
    pictures every time (fixed seeds). The files written, the manifest last."""
    out_dir.mkdir(parents=True, exist_ok=True)
    quality = [cv2.IMWRITE_JPEG_QUALITY, SAMPLE_JPEG_QUALITY]
    written: list[Path] = []

    def write(name: str, frame: np.ndarray) -> Path:
        path = out_dir / name
        if not cv2.imwrite(str(path), frame, quality):
            raise OSError(f"cannot write {path}")
        written.append(path)
        return path

    nowhere = np.zeros((4, 2))
    desk = photograph(None, nowhere, seed=1, shadow=SAMPLE_SHADOW, desk_seed=SAMPLE_DESK_SEED)
    empty = write("desk.jpg", desk.frame)
    pages: list[dict[str, object]] = []
    seed = 100
    for stem, texts in SAMPLE_DOCUMENTS:
        for number, text in enumerate(texts, start=1):
            page = render_text(text)
            steady_pose = STEADY_POSES[len(pages) % len(STEADY_POSES)]
            frames: dict[str, dict[str, object]] = {}
            for role, pose in (*APPROACH, ("steady", steady_pose)):
                seed += 1
                corners = pose.corners()
                photo = photograph(
                    page,
                    corners,
                    seed=seed,
                    shadow=SAMPLE_SHADOW,
                    blur=pose.blur,
                    desk_seed=SAMPLE_DESK_SEED,
                )
                path = write(f"{stem}-{number}-{role}.jpg", photo.frame)
                frames[role] = {"file": path.name, "corners": np.round(corners, 2).tolist()}
            pages.append(
                {
                    "document": stem,
                    "page": number,
                    "of": len(texts),
                    "approach": [frames[role] for role, _ in APPROACH],
                    "steady": frames["steady"],
                }
            )
    manifest = {"frame_size": list(FRAME_SIZE), "empty": empty.name, "pages": pages}
    path = out_dir / MANIFEST
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    written.append(path)
    return written


def load_paper_samples(folder: Path) -> PaperSamples:
    """The sample papers in ``folder``, as ``papers.json`` lists them.

    Raises :class:`SampleFilesError` when the manifest is missing or malformed, or names a
    file that is not there."""
    path = folder / MANIFEST
    hint = f"write them again with `python -m hardware.simulators.paper_photos {folder}`"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        empty = _existing(folder, manifest["empty"])
        pages = tuple(
            SamplePage(
                str(page["document"]),
                int(page["page"]),
                int(page["of"]),
                tuple(_frame(folder, frame) for frame in page["approach"]),
                _frame(folder, page["steady"]),
            )
            for page in manifest["pages"]
        )
    except OSError as error:
        raise SampleFilesError(
            f"cannot read the sample papers in {folder} ({error}): {hint}"
        ) from error
    except (ValueError, KeyError, TypeError, IndexError) as error:
        raise SampleFilesError(
            f"{path} is not a sample papers' list ({error!r}): {hint}"
        ) from error
    if not pages:
        raise SampleFilesError(f"{path} lists no page: {hint}")
    return PaperSamples(empty, pages)


def _frame(folder: Path, entry: dict[str, object]) -> SampleFrame:
    corners = entry["corners"]
    if not isinstance(corners, Sequence) or len(corners) != 4:
        raise ValueError("a frame's corners are four points")
    points = tuple((float(x), float(y)) for x, y in corners)
    return SampleFrame(_existing(folder, entry["file"]), points)


def _existing(folder: Path, name: object) -> Path:
    path = folder / str(name)
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing")
    return path


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m hardware.simulators.paper_photos OUT_DIR``."""
    return write_samples_command("hardware.simulators.paper_photos", write_paper_samples, argv)


if __name__ == "__main__":
    sys.exit(main())
