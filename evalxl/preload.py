"""What the processes of a batch import, and when: the workers' modules once in the parent
before the pool forks (the workers share them instead of each importing them again), and
what the parent needs only after the pool while the workers work."""

from __future__ import annotations

import gc
import os
import sys
from collections import Counter

from .gc_pause import gc_paused


def before_fork(tasks: list[tuple], jobs: int, writes: bool) -> None:
    """``_imports`` with the collector paused, then what is loaded frozen (as cli.py does for
    typer): the imports allocate much and free little, and no collection, in this process or
    in a worker, need walk them again. Only when something was imported: a later batch of a
    long-lived process (the web page's) seldom freezes its garbage with them."""
    before = len(sys.modules)
    with gc_paused():
        _imports(tasks, jobs, writes)
        if len(sys.modules) != before:  # at most once per format a process meets
            gc.freeze()


def _imports(tasks: list[tuple], jobs: int, writes: bool) -> None:
    """Import what the workers run before they fork from this process: they share the
    modules instead of each importing them again (~0.05 s of CPU per worker for the reader,
    as much again for the rules and for the corrected-copy writer). A format's own reader
    (.xls: xlrd; .docx: python-docx) when there are files enough of it for every worker.
    What the workers render for the reports came with the render function the caller passed
    (check_json.pieces, run_outputs.rendered)."""
    from . import pipeline  # noqa: F401
    from .reader import department, tables, xlsx_scan  # noqa: F401
    from .rules import all_rules

    all_rules()  # every rule module, imported and checked once
    kinds = Counter(os.path.splitext(args[0])[1].lower() for _, args in tasks)
    if kinds[".xls"] >= jobs:
        import olefile  # noqa: F401
        import xlrd  # noqa: F401
    if kinds[".docx"] >= jobs:
        import docx  # noqa: F401

        from . import wordplace  # noqa: F401
        from .reader import docx as word_reader, narrative  # noqa: F401
        from .rules import narrative as narrative_rules  # noqa: F401
    if writes:  # run: the corrected copy, and what run_outputs.rendered imports as it renders
        from .writers import corrected, findings_json, summary_data  # noqa: F401

        if kinds[".xls"] >= jobs:
            import xlsxwriter  # noqa: F401

            from .writers import xls_convert  # noqa: F401
        if kinds[".docx"] >= jobs:
            from .writers import corrected_docx  # noqa: F401


def beside_pool(writes: bool):
    """What the parent can do beside the busy workers (pool.run_tasks' meanwhile): import what it
    needs only after the pool (run: the reports' writers, xlsxwriter with them, and pandas
    for the 汇总's aggregates, ~0.4 s that would otherwise follow the pool). check needs
    nothing more after its pool: None."""

    def imports() -> None:
        import pandas  # noqa: F401

        from .writers import corrected_docx, sheet_stream, summary  # noqa: F401

    return imports if writes else None
