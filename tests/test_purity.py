"""The analysis core must run on landmark files alone: no cv2, no mediapipe."""

import subprocess
import sys

BLOCKER = """
import builtins, sys
real_import = builtins.__import__
def guarded(name, *args, **kwargs):
    if name.split(".")[0] in ("cv2", "mediapipe"):
        raise ImportError(f"analysis core imported {name}")
    return real_import(name, *args, **kwargs)
builtins.__import__ = guarded
import formcheck.analysis.registry as r
from formcheck.analysis.analyzer import analyzer_for
import formcheck.core.geometry, formcheck.core.smoothing, formcheck.io.landmarks_io, formcheck.report.build
import formcheck.pipeline, formcheck.application
names = r.names()
assert names, "no analyzers registered"
for n in names:
    analyzer_for(n)
print("ok", len(names))
"""


def test_analysis_core_imports_neither_cv2_nor_mediapipe():
    proc = subprocess.run([sys.executable, "-c", BLOCKER], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok")
