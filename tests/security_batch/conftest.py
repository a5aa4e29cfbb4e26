"""The fuzz suite's Hypothesis profiles (`ci` by default, `long` under `make fuzz`), shared."""

from tests.fuzz.conftest import PROFILE_ENV  # noqa: F401  (importing it registers and loads them)
