"""Hypothesis profiles for the fuzz suite, chosen by $DVC_FUZZ_PROFILE.

`ci` (the default, run by `make test`): a few dozen derandomized cases per property, so the
suite stays seconds long and gives the same verdict on every run. `long` (`make fuzz`):
thousands of fresh random cases per property; failures are kept in `.hypothesis/` and
replayed first next time.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

PROFILE_ENV = "DVC_FUZZ_PROFILE"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

_common = {
    "deadline": None,  # each property asserts its own time bound: a shared CPU makes deadlines flaky
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
}
settings.register_profile("ci", max_examples=30, derandomize=True, database=None, **_common)
settings.register_profile("long", max_examples=2000, **_common)
settings.load_profile(os.environ.get(PROFILE_ENV, "ci"))


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the examples' attachment files, where fuzzed inputs are written."""
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(EXAMPLES / "files", folder / "files")
    return folder
