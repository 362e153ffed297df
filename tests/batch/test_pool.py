"""pool.run_tasks: results in task order whatever the workers' order, a file over the time
limit or whose worker dies reported (and its worker replaced: the files after it still
done), workers replaced after RECYCLE files without losing or repeating any."""

from __future__ import annotations

import os
import time

import pytest

from evalxl import pool


def work(kind, n):
    if kind == "sleep":
        time.sleep(30)
    if kind == "die":
        os._exit(7)
    if kind == "raise":
        raise KeyError(n)
    if kind == "slow":
        time.sleep(0.2)  # finishes after the files given later to the other worker
    return (n, os.getpid())


def _run(kinds, jobs, timeout=0.0):
    got = []
    tasks = [(f"k{n}", (kind, n)) for n, kind in enumerate(kinds)]
    pool.run_tasks(work, tasks, jobs, timeout, lambda key, ok, value: got.append((key, ok, value)))
    return got


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_come_in_task_order(jobs):
    got = _run(["slow", "ok", "ok", "slow", "ok", "ok"], jobs)
    assert [key for key, _, _ in got] == ["k0", "k1", "k2", "k3", "k4", "k5"]
    assert [value[0] for _, _, value in got] == [0, 1, 2, 3, 4, 5] and all(ok for _, ok, _ in got)


def test_overrun_dead_and_raising_files_are_reported_and_the_rest_done():
    got = _run(["ok", "sleep", "ok", "die", "ok", "raise", "ok"], jobs=2, timeout=1.0)
    by = {key: (ok, value) for key, ok, value in got}
    assert [key for key, _, _ in got] == [f"k{n}" for n in range(7)]
    assert by["k1"] == (False, pool.timed_out(1.0)) and "1 秒" in by["k1"][1]
    assert by["k3"] == (False, pool.died(7)) and "退出码 7" in by["k3"][1]
    assert by["k5"] == (False, pool.crashed("KeyError"))
    for n in (0, 2, 4, 6):
        assert by[f"k{n}"][0] and by[f"k{n}"][1][0] == n


def test_workers_are_replaced_after_recycle_files(monkeypatch):
    monkeypatch.setattr(pool, "RECYCLE", 3)
    got = _run(["ok"] * 10, jobs=1)
    assert [value[0] for _, _, value in got] == list(range(10))  # none lost, none twice
    pids = [value[1] for _, _, value in got]
    # 10 files, 3 per worker: workers of 3, 3, 3 and 1 files, each a new process
    assert [len(list(g)) for g in _groups(pids)] == [3, 3, 3, 1] and len(set(pids)) == 4


def _groups(items):
    from itertools import groupby

    return (list(g) for _, g in groupby(items))


def _forks_counted(monkeypatch):
    forks = []
    real = pool._Worker.__init__

    def counted(self, *args):
        forks.append(time.monotonic())
        real(self, *args)

    monkeypatch.setattr(pool._Worker, "__init__", counted)
    return forks


def _sleeping(spans, seconds):
    def meanwhile():
        start = time.monotonic()
        time.sleep(seconds)
        spans.append((start, time.monotonic(), os.getpid()))

    return meanwhile


def test_meanwhile_starts_after_the_last_recycling_fork(monkeypatch):
    # one worker, recycled after 2 files: 5 files need 3 workers, forked before meanwhile()
    # starts (what it imports would otherwise be copied into each new worker); it runs once,
    # in this process, and is over when run_tasks returns
    monkeypatch.setattr(pool, "RECYCLE", 2)
    forks, spans, seen = _forks_counted(monkeypatch), [], []
    tasks = [(f"k{n}", ("ok", n)) for n in range(5)]
    pool.run_tasks(work, tasks, 1, 0.0, lambda key, ok, value: seen.append(value), meanwhile=_sleeping(spans, 0.2))
    assert [n for n, _ in seen] == [0, 1, 2, 3, 4] and len({pid for _, pid in seen}) == 3
    (start, end, pid), = spans
    assert pid == os.getpid() and len(forks) == 3 and all(t < start for t in forks)


def test_meanwhile_runs_beside_the_workers_and_a_replacement_fork_waits_for_it(monkeypatch):
    # no recycling ahead: meanwhile() (0.6 s, in a thread) starts with the first files; the
    # worker dies on file 1 long before it ends, and its replacement is forked only after
    # it ended (a child forked during an import could hang on the import's locks)
    forks, spans, got = _forks_counted(monkeypatch), [], []
    tasks = [(f"k{n}", (kind, n)) for n, kind in enumerate(["ok", "die", "ok", "ok"])]
    pool.run_tasks(work, tasks, 1, 0.0, lambda key, ok, value: got.append((ok, value)), meanwhile=_sleeping(spans, 0.6))
    (start, end, pid), = spans
    assert pid == os.getpid() and len(forks) == 2
    assert forks[0] < start and forks[1] >= end
    assert got[1] == (False, pool.died(7)) and [v[0] for ok, v in got if ok] == [0, 2, 3]
