"""The property tests (hypothesis) draw the same examples on every run, so `make test` — the gate
CI runs — passes or fails the same way each time. `make fuzz` draws fresh ones."""
from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("reproducible", derandomize=True)
settings.register_profile("fuzz", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "reproducible"))
