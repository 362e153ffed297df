"""Run the evalxl command line in a subprocess, as a user does (real stdout and stderr)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def evalxl(*args, env=None, cwd=None):
    e = dict(os.environ)
    e.update(env or {})
    e.setdefault("PYTHONIOENCODING", "utf-8")
    return subprocess.run([sys.executable, "-m", "evalxl.cli", *map(str, args)], capture_output=True, text=True,
                          encoding=e["PYTHONIOENCODING"], errors="replace", env=e, cwd=cwd or ROOT, timeout=120)
