"""The profiles the page offers: the one given with --profile (if any) first, then the
national rules, then every provincial profile bundled in evalxl/profiles/."""

from __future__ import annotations

from pathlib import Path

from ..profile import NATIONAL, Profile, load_profile


def available(given: Path | None = None) -> dict[str, Profile]:
    out: dict[str, Profile] = {}
    if given is not None:
        out["custom"] = load_profile(given)
    out["national"] = load_profile(None)
    for path in sorted(NATIONAL.parent.glob("*.toml")):
        if path != NATIONAL:
            out[path.stem] = load_profile(path)
    return out
