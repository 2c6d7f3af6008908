"""Shared fixtures and helpers for the test suite."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from xunshi_parser import Bulletin, parse

from support import FIXTURES, SAMPLE_PATH

# Machines here are noisy: no per-example deadline. The "ci" profile is the default run.
settings.register_profile(
    "ci", deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long",
    deadline=None,
    max_examples=int(os.environ.get("XUNSHI_FUZZ_EXAMPLES", "20000")),
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def expected() -> dict[str, Any]:
    with (FIXTURES / "beijing-2021-r13.expected.json").open(encoding="utf-8") as file:
        data: dict[str, Any] = json.load(file)
    return data


@pytest.fixture(scope="session")
def sample(sample_text: str) -> Bulletin:
    return parse(sample_text)
