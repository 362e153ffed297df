"""Instructions per workbook of the whole audit of one file (pipeline.audit_file: read,
locate, rules; no copy), counted by callgrind: on a machine shared by several users CPU
time moves by ±30 % between runs, this count by well under 1 %.

    python benchmarks/audit_instr.py [FOLDER] [--every N]

Every Nth workbook of FOLDER (default /tmp/c300 and 3) is audited once to warm imports and
memos, then twice inside functools.reduce, under `valgrind --tool=callgrind
--toggle-collect=functools_reduce`: only those two passes are counted. PYTHONHASHSEED=0
keeps dict probing the same each run. Run by hand from the checkout's root.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _audit_twice(folder: Path, every: int) -> None:
    import evalxl.rules as rules
    from evalxl.pipeline import audit_file
    from evalxl.profile import load_profile

    profile = load_profile(None)
    selected = rules.select_rules(None, None, profile)
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm", ".xls"))[::every]

    def one_pass():
        for p in paths:
            audit_file(p, p.name, profile, rules=selected)

    from callgrind_count import counted_twice

    counted_twice(one_pass, len(paths))


def main() -> None:
    from callgrind_count import per_workbook  # benchmarks/, the script's folder, is on the path

    per_workbook(__doc__, "audit", _audit_twice)


if __name__ == "__main__":
    main()
