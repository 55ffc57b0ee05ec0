"""Shared fixtures for the device tests: the bundled fonts, a typical receipt, demo frames."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from hardware.simulators.demo_frames import DEMO_CCCD_PAYLOAD, write_demo_frames
from kiosk.receipt import Receipt

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FONT_DIR = PROJECT_ROOT / "config" / "fonts"
COMMITTED_FRAMES = PROJECT_ROOT / "config" / "demo" / "camera"


@pytest.fixture
def font_dir() -> Path:
    return FONT_DIR


@pytest.fixture
def receipt() -> Receipt:
    return Receipt(
        title="BIÊN NHẬN HỒ SƠ",
        procedure_name="Đăng ký tạm trú — ỹ ữ ộ ẫ",
        tracking_code="HN-7K3M-Q9PD",
        status_url="https://dichvucong.hanoi.gov.vn/tra-cuu",
        printed_at=datetime(2025, 3, 14, 9, 30),
        kiosk_name="Kiosk chung cư Sky Park, sảnh A",
        receiving_office="Ủy ban nhân dân Phường Láng, Thành phố Hà Nội",
        processing_time="03 ngày làm việc",
        fee="Miễn phí",
        fee_payment="",
        result_delivery="Nhận trực tuyến qua Cổng dịch vụ công",
        applicant_id_masked="001******345",
        hotline="1900 1234",
    )


@pytest.fixture(scope="session")
def demo_frames(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Freshly generated frames (the committed ones are checked separately)."""
    return write_demo_frames(tmp_path_factory.mktemp("frames"), DEMO_CCCD_PAYLOAD)
