"""Draw camera frames of a citizen ID card for the simulated camera.

Run ``python -m hardware.simulators.demo_frames OUT_DIR`` to write them. The citizen is
fictitious. The QR code is made like a real card's: UTF-8 without an ECI marker, error level M.
"""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np
import segno
from PIL import Image, ImageDraw, ImageFont

from hardware.simulators.sample_command import write_samples_command

DEMO_CCCD_PAYLOAD = (
    "001184012345||Nguyễn Thị Lan|15031984|Nữ|"
    "Số 12 ngõ 34 phố Láng Hạ, Phường Láng, Thành phố Hà Nội|10082021"
)
FRAME_SIZE = (1280, 720)
CARD_SIZE = (680, 430)
CARD_ROTATION_DEG = 5.0
FONT_DIR = Path(__file__).resolve().parents[2] / "config" / "fonts"


def _scene() -> Image.Image:
    """A grey-ish lobby-like background: a soft gradient, slightly warm (RGB)."""
    width, height = FRAME_SIZE
    ramp = np.linspace(150, 105, width, dtype=np.float32)
    vertical = np.linspace(0, -20, height, dtype=np.float32)[:, None]
    grey = ramp[None, :] + vertical
    scene = np.stack([grey, grey + 3, grey + 8], axis=2)
    return Image.fromarray(np.clip(scene, 0, 255).astype(np.uint8), mode="RGB")


def _camera_look(frame: Image.Image, seed: int) -> np.ndarray:
    """Sensor noise softened by a slightly out-of-focus lens, as a grey frame.

    Grey, and noise blurred rather than raw, because per-pixel colour noise does not
    compress: the PNGs stay small enough to commit (~200 KB each).
    """
    grey = np.array(frame.convert("L"), dtype=np.float32)
    rng = np.random.default_rng(seed)
    grey += rng.normal(0, 3, grey.shape).astype(np.float32)
    blurred = cv2.GaussianBlur(np.clip(grey, 0, 255).astype(np.uint8), (5, 5), 1.2)
    return np.asarray(blurred, dtype=np.uint8)


def _card(payload: str, font_dir: Path) -> Image.Image:
    """The front of a fictitious ID card with its QR code, as an RGB picture."""
    card = Image.new("RGB", CARD_SIZE, (236, 240, 232))
    draw = ImageDraw.Draw(card)
    heading = ImageFont.truetype(str(font_dir / "NotoSans-Bold.ttf"), 30)
    body = ImageFont.truetype(str(font_dir / "NotoSans-Regular.ttf"), 18)
    draw.rectangle((0, 0, CARD_SIZE[0], 70), fill=(214, 224, 206))
    draw.text((CARD_SIZE[0] // 2, 35), "CĂN CƯỚC CÔNG DÂN", font=heading, fill=(150, 30, 30),
              anchor="mm")  # fmt: skip
    # A photo placeholder and lines that read as printed fields, without real data.
    draw.rectangle((30, 100, 170, 280), fill=(190, 196, 204), outline=(120, 120, 120))
    for row, label in enumerate(("Số / No.", "Họ và tên", "Ngày sinh", "Giới tính", "Quê quán")):
        y = 110 + row * 42
        draw.text((190, y), label, font=body, fill=(60, 60, 60))
        draw.line((190, y + 28, 400, y + 28), fill=(120, 120, 120), width=2)
    qr = segno.make_qr(payload, error="m", encoding="utf-8", eci=False, boost_error=False)
    modules = np.array(qr.matrix, dtype=bool)
    modules = np.pad(modules, 4, constant_values=False)
    module_px = max(1, 250 // modules.shape[0])
    pixels = np.kron(modules, np.ones((module_px, module_px), dtype=bool))
    qr_image = Image.fromarray(np.where(pixels, 20, 250).astype(np.uint8), mode="L")
    card.paste(qr_image.convert("RGB"), (CARD_SIZE[0] - qr_image.width - 20, 90))
    return card


def _card_frame(payload: str, font_dir: Path, seed: int, offset: tuple[int, int]) -> np.ndarray:
    """The scene with the card held slightly tilted, a little blurred and noisy (grey)."""
    frame = _scene()
    card = _card(payload, font_dir).convert("RGBA")
    tilted = card.rotate(CARD_ROTATION_DEG, resample=Image.Resampling.BICUBIC, expand=True)
    x = (FRAME_SIZE[0] - tilted.width) // 2 + offset[0]
    y = (FRAME_SIZE[1] - tilted.height) // 2 + offset[1]
    frame.paste(tilted, (x, y), tilted)
    return _camera_look(frame, seed)


def write_demo_frames(
    out_dir: Path, payload: str = DEMO_CCCD_PAYLOAD, font_dir: Path = FONT_DIR
) -> list[Path]:
    """Write three 1280×720 grey PNG frames: an empty scene, then the card twice, moved a little."""
    out_dir.mkdir(parents=True, exist_ok=True)
    frames = [
        _camera_look(_scene(), seed=1),
        _card_frame(payload, font_dir, seed=2, offset=(-30, 10)),
        _card_frame(payload, font_dir, seed=3, offset=(25, -12)),
    ]
    paths: list[Path] = []
    for number, frame in enumerate(frames, start=1):
        path = out_dir / f"frame-{number}.png"
        if not cv2.imwrite(str(path), frame, [cv2.IMWRITE_PNG_COMPRESSION, 9]):
            raise OSError(f"cannot write {path}")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m hardware.simulators.demo_frames OUT_DIR``."""
    return write_samples_command("hardware.simulators.demo_frames", write_demo_frames, argv)


if __name__ == "__main__":
    sys.exit(main())
