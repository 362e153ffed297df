"""The cyclic garbage collector paused over a block: for imports and report writing, which
allocate much and free little (a collection pass would walk it all for nothing). Only the
standard library: cli.py pauses it before anything else is imported."""

import contextlib
import gc


@contextlib.contextmanager
def gc_paused():
    """No collection inside the block; afterwards the collector is on again only if it was
    (a host that turned it off keeps it off). Freeze inside the block what should never be
    walked again."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
