"""The correctness guard of a speed change: the same inputs give the same outputs.

    python benchmarks/same_output.py DIGEST.json            # build the corpus once, write the digest
    python benchmarks/same_output.py DIGEST.json --against OLD.json   # … and compare with an older one

On a fixed corpus (the bench's 300 sample variants plus 200-row tables, 30-sheet workbooks
and workbooks with a picture, kept in --corpus between runs) it runs this checkout's
`check --json` and `run`, and records: check's stdout byte for byte, findings.json byte for
byte, and for every corrected copy and the 汇总表 the SHA-256 of each zip member's
uncompressed content (the compressed bytes may change with how a member is copied; the
content may not). Run by hand, from the checkout's root.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))


def corpus(folder: Path) -> Path:
    if (folder / "done").exists():
        return folder
    from bench import _vary, build_corpus
    from cases import build_case

    build_corpus(folder / "samples", 300)
    vary = lambda data, rng: _vary(data, rng, 0.04)  # noqa: E731
    build_case("rows200", folder / "rows200", 6, 3, vary)
    build_case("sheets30", folder / "sheets30", 3, 3, vary)
    build_case("images", folder / "images", 4, 3, vary)
    (folder / "done").write_text("")
    return folder


def members(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist()
                if i.filename != "docProps/core.xml"}  # the 汇总表's creation time


def digest(inputs: Path) -> dict:
    cmd = [sys.executable, "-m", "evalxl.cli"]
    out: dict = {}
    check = subprocess.run(cmd + ["check", "--json", str(inputs)], cwd=ROOT, capture_output=True)
    out["check_exit"] = check.returncode
    out["check"] = hashlib.sha256(check.stdout).hexdigest()
    out["check_text"] = check.stdout.decode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run(cmd + ["run", str(inputs), "--out", tmp], cwd=ROOT, capture_output=True)
        out["run_exit"] = run.returncode
        files = {}
        for p in sorted(Path(tmp).rglob("*")):
            if p.is_file() and not p.name.startswith(".evalxl"):  # the lock (a pid), the manifest (mtimes)
                rel = str(p.relative_to(tmp))
                files[rel] = members(p) if zipfile.is_zipfile(p) else hashlib.sha256(p.read_bytes()).hexdigest()
        out["run"] = files
    return out


def compare(new: dict, old: dict) -> list[str]:
    diffs = []
    for key in ("check_exit", "check", "run_exit"):
        if new[key] != old[key]:
            diffs.append(f"{key}: {old[key]} -> {new[key]}")
    if new["check"] != old["check"]:
        a, b = old["check_text"].splitlines(), new["check_text"].splitlines()
        first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        diffs.append(f"check --json differs from line {first + 1}: {a[first:first + 1]} -> {b[first:first + 1]}")
    for name in sorted(set(new["run"]) | set(old["run"])):
        x, y = old["run"].get(name), new["run"].get(name)
        if x == y:
            continue
        if isinstance(x, dict) and isinstance(y, dict):
            parts = sorted(k for k in set(x) | set(y) if x.get(k) != y.get(k))
            diffs.append(f"{name}: members differ: {parts}")
        else:
            diffs.append(f"{name}: {'missing' if y is None else 'new' if x is None else 'differs'}")
    return diffs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("digest", type=Path)
    ap.add_argument("--against", type=Path)
    ap.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "evalxl-same-output")
    args = ap.parse_args()
    d = digest(corpus(args.corpus))
    args.digest.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    print(f"{len(d['run'])} output files; check exit {d['check_exit']}, run exit {d['run_exit']}")
    if args.against:
        diffs = compare(d, json.loads(args.against.read_text(encoding="utf-8")))
        print("\n".join(diffs) if diffs else "same output")
        sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
