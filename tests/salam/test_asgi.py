"""The garbage-collector tuning is applied when daphne starts serving, not on import."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import salam.asgi  # noqa: F401 the import under test
from tests.daphne import free_port

ROOT = Path(__file__).resolve().parents[2]
TUNED = [50_000, 50, 100]
# daphne's own command line, with a reactor call that reports the collector's state once the
# server runs and then stops it.
SERVE_AND_REPORT = """
import gc, json, sys
from daphne.cli import CommandLineInterface
from twisted.internet import reactor

def report():
    print(json.dumps({"threshold": gc.get_threshold(), "frozen": gc.get_freeze_count()}))
    reactor.stop()

reactor.callLater(1.0, report)
CommandLineInterface().run(["-b", "127.0.0.1", "-p", sys.argv[1], "salam.asgi:application"])
"""


def serve_and_report(tmp_path: Path, **env: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", SERVE_AND_REPORT, str(free_port())],
        cwd=ROOT,
        env={**os.environ, "SALAM_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_importing_the_application_leaves_the_collector_alone():
    assert list(gc.get_threshold()) != TUNED
    assert gc.get_freeze_count() == 0


@pytest.mark.slow
def test_daphne_tunes_the_collector_once_it_serves(tmp_path):
    found = serve_and_report(tmp_path)
    assert found["threshold"] == TUNED
    assert found["frozen"] > 10_000  # Django, the apps and the server, frozen at start


@pytest.mark.slow
def test_salam_gc_tuning_off_keeps_pythons_defaults(tmp_path):
    found = serve_and_report(tmp_path, SALAM_GC_TUNING="false")
    assert found["threshold"] == list(gc.get_threshold())
    assert found["frozen"] == 0
