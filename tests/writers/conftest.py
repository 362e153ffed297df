"""Session fixtures of the corrected-copy tests: the fidelity workbook, built by its script
into a temp folder, and `run` over it (and over its own corrected copy)."""

from __future__ import annotations

from pathlib import Path

import pytest

from corrected_kit import Run, builder, run_one


@pytest.fixture(scope="session")
def fidelity_src(tmp_path_factory) -> Path:
    return builder("build_fidelity").build(tmp_path_factory.mktemp("fidelity") / "医保信息系统建设项目自评表.xlsx")


@pytest.fixture(scope="session")
def fidelity(fidelity_src, tmp_path_factory) -> Run:
    return run_one(fidelity_src, tmp_path_factory.mktemp("run1"))


@pytest.fixture(scope="session")
def fidelity_rerun(fidelity, tmp_path_factory) -> Run:
    """`run` over the corrected copy of the first run."""
    return run_one(fidelity.corrected, tmp_path_factory.mktemp("run2"))
