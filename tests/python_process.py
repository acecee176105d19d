"""Run a snippet of Python in a fresh process with the project's settings, as a server would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_python(
    code: str,
    data_dir: Path,
    *,
    env: dict[str, str] | None = None,
    drop: frozenset[str] = frozenset(),
) -> subprocess.CompletedProcess:
    """`python -c code` from the repository root with salam.settings, its own SALAM_DATA_DIR,
    this environment without the names in `drop`, and `env` on top."""
    environment = {k: v for k, v in os.environ.items() if k not in drop}
    environment.update(
        {"DJANGO_SETTINGS_MODULE": "salam.settings", "SALAM_DATA_DIR": str(data_dir), **(env or {})}
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
