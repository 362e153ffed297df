"""The command line converts its plain values without pydantic (clitext._plain_coercion,
start-up ~0.2 s cheaper); typer's pydantic adapter is the other path. Both must read every
value alike: the same number, or the same words for a bad one (which become Chinese)."""

from __future__ import annotations

import subprocess
import sys
from typing import Annotated

import pytest
from pydantic import Field, TypeAdapter, ValidationError

from evalxl import clitext

VALUES = ["1", " 1 ", "1.0", "1.5", "1e3", "0x10", "1_000", "+2", "-1", "0", "", "abc", "١٢", "nan", "inf", "2,5"]


def _pydantic(kind, least, value):
    adapter = TypeAdapter(Annotated[kind, Field(ge=least)])
    try:
        return adapter.validate_python(value)
    except ValidationError as exc:
        return exc.errors()[0]["msg"]


def _plain(kind, least, value):
    try:
        return clitext._number(kind, value, least, None)
    except ValueError as exc:
        return str(exc)


@pytest.mark.parametrize("kind,least", [(int, 1), (float, 0)])
@pytest.mark.parametrize("value", VALUES)
def test_numbers_read_as_pydantic_reads_them(kind, least, value):
    assert _plain(kind, least, value) == _pydantic(kind, least, value)


@pytest.mark.parametrize("value", ["", "1", "0", "yes", "No", " true ", "t", "off", "maybe", "2"])
def test_flags_read_as_pydantic_reads_them(value):
    from typer._adapters import try_build_adapter
    from typer.models import OptionInfo

    try:  # the adapter typer builds for a flag (it strips the value; an empty one is False)
        expected = try_build_adapter(bool, OptionInfo()).validate_python(value)
    except ValidationError as exc:
        expected = exc.errors()[0]["msg"]
    try:
        got = clitext._boolean(value)
    except ValueError as exc:
        got = str(exc)
    assert got == expected


def test_check_and_run_start_without_pydantic():
    code = ("import sys\nfrom evalxl.cli import build_app\nfrom evalxl.clitext import run_app\napp = build_app()\n"
            "run_app(app, ['check', '/nonexistent-evalxl', '--json', '-j', '2', '--timeout', '5', '--select', 'P001'])\n"
            "run_app(app, ['run', '/nonexistent-evalxl', '--out', '/nonexistent-out', '-j', '1', '--strict'])\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pandas', 'openpyxl', 'xlsxwriter')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
