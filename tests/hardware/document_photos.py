"""Synthetic photos of paper held up to the kiosk's camera, made by the tests.

A page is rendered with text (the bundled Noto Sans, Vietnamese), a ruled table and a red
seal; it is warped into a known perspective over a cluttered desk, then the camera's troubles
are added as asked: a shadow falling across it, a glare spot, blur, sensor noise. The truth
(the four corners, clockwise from the top-left, and the page as rendered) comes back with
the frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path(__file__).resolve().parents[2] / "config" / "fonts"
FRAME_SIZE = (1280, 720)
PAPER_WHITE = 228
LINES = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
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
    """A page of text as a BGR image, portrait, 1:√2 (A4 and A5 differ in their type size:
    an A5 sheet carries the same text larger)."""
    width = round(long_side / math.sqrt(2))
    image = Image.new("RGB", (width, long_side), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    lines = LINES if paper == "A4" else LINES[:9]
    size = round(long_side / (52 if paper == "A4" else 36))
    font = ImageFont.truetype(str(FONT_DIR / "NotoSans-Regular.ttf"), size)
    bold = ImageFont.truetype(str(FONT_DIR / "NotoSans-Bold.ttf"), round(size * 1.15))
    margin = round(width * 0.09)
    y = round(long_side * 0.07)
    for index, line in enumerate(lines):
        face = bold if index in (0, 2) else font
        x = (width - draw.textlength(line, font=face)) / 2 if index < 3 else margin
        draw.text((x, y), line, font=face, fill=(0, 0, 0))
        y += round(size * (2.4 if index in (1, 2) else 1.7))
    # a ruled table, a signature line and a red seal
    top = y + size
    rows = 4
    for row in range(rows + 1):
        yy = top + row * round(size * 1.8)
        draw.line([(margin, yy), (width - margin, yy)], fill=(0, 0, 0), width=2)
    for xx in (margin, width // 2, width - margin):
        draw.line([(xx, top), (xx, top + rows * round(size * 1.8))], fill=(0, 0, 0), width=2)
    for row in range(rows):
        yy = top + row * round(size * 1.8) + round(size * 0.35)
        draw.text((margin + 10, yy), f"Khoản mục {row + 1}", font=font, fill=(0, 0, 0))
        draw.text((width // 2 + 10, yy), f"{(row + 2) * 1_250_000:,} đ", font=font, fill=(0, 0, 0))
    seal_y = min(long_side - round(long_side * 0.14), top + rows * round(size * 1.8) + size * 3)
    radius = round(width * 0.09)
    centre = (width - margin - radius, seal_y)
    draw.ellipse(
        [centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius],
        outline=(200, 20, 30),
        width=max(3, radius // 12),
    )
    draw.text((margin, seal_y), "ĐẠI DIỆN BÊN A", font=bold, fill=(0, 0, 0))
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
    page: np.ndarray,
    corners: np.ndarray,
    *,
    seed: int = 1,
    shadow: float = 0.35,
    glare: float = 0.0,
    blur: float = 0.6,
    noise: float = 3.0,
    size: tuple[int, int] = FRAME_SIZE,
) -> Photo:
    """``page`` held with its corners at ``corners`` over a cluttered desk.

    ``shadow``: how much light the darkest side of the page loses (a hand or the kiosk's
    hood); ``glare``: the radius of a saturated reflection, as a share of the page's
    diagonal (0: none); ``blur``: a Gaussian's sigma in pixels (a moving hand is 3 or more);
    ``noise``: the sensor's, as a standard deviation in grey levels."""
    width, height = size
    rng = np.random.default_rng(seed)
    page_h, page_w = page.shape[:2]
    source = np.array([[0, 0], [page_w, 0], [page_w, page_h], [0, page_h]], np.float32)
    transform = cv2.getPerspectiveTransform(source, corners.astype(np.float32))
    paper = page.astype(np.float32) * (PAPER_WHITE / 255.0)
    warped = cv2.warpPerspective(paper, transform, size, flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.ones((page_h, page_w), np.float32), transform, size)[:, :, None]
    frame = cluttered_desk(seed, size).astype(np.float32) * (1 - mask) + warped * mask
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
    grey_page = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
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


def ssim(first: np.ndarray, second: np.ndarray) -> float:
    """The mean structural similarity of two grey images of one size (Wang et al. 2004:
    Gaussian window σ 1.5, K1 0.01, K2 0.03, 8-bit range)."""
    a, b = first.astype(np.float64), second.astype(np.float64)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2

    def window(image: np.ndarray) -> np.ndarray:
        return np.asarray(cv2.GaussianBlur(image, (11, 11), 1.5))

    mu_a, mu_b = window(a), window(b)
    var_a = window(a * a) - mu_a**2
    var_b = window(b * b) - mu_b**2
    covariance = window(a * b) - mu_a * mu_b
    numerator = (2 * mu_a * mu_b + c1) * (2 * covariance + c2)
    denominator = (mu_a**2 + mu_b**2 + c1) * (var_a + var_b + c2)
    return float(np.mean(numerator / denominator))
