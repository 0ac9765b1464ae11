"""Fixtures of the image tests (helpers live in image_helpers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from image_helpers import base_layer, docker_archive, upper_layer


@pytest.fixture
def fixture_archive(tmp_path: Path) -> Path:
    return docker_archive(tmp_path / "image.tar", [base_layer(), upper_layer()])
