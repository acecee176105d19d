"""networkx is a benchmark and test extra: the matcher and the site run without it."""

from __future__ import annotations

from pathlib import Path

from tests.python_process import run_python

ROOT = Path(__file__).resolve().parents[3]
WITHOUT_NETWORKX = """
import sys

class NoNetworkx:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "networkx":
            raise ImportError("networkx is not installed")

sys.meta_path.insert(0, NoNetworkx())
import rooms.pairing.matching
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # every view module the site serves
import rooms.pairing.services, salam.periodic, salam.asgi
print("ok", "networkx" in sys.modules)
"""


def test_the_matcher_and_the_site_import_without_networkx(tmp_path):
    result = run_python(WITHOUT_NETWORKX, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok False"


def test_networkx_is_an_extra_not_a_dependency():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not [d for d in project["dependencies"] if d.startswith("networkx")]
    extras = project["optional-dependencies"]
    bench = [d for d in extras["bench"] if d.startswith("networkx")]
    assert len(bench) == 1
    assert [d for d in extras["test"] if d.startswith("networkx")] == bench
