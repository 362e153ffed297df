"""Fixtures of the rules tests; the model-building helpers live in tablekit.py
(``from tablekit import make_table, indicator, ...``)."""

import pytest

from evalxl.profile import national


@pytest.fixture
def profile():
    return national()
