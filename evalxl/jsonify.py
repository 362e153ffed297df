"""The model as plain JSON-ready data (for `inspect --json` and findings.json)."""

from __future__ import annotations

import dataclasses
from typing import Any

from .model import Empty, Quantity, Text


def to_data(obj: Any) -> Any:
    if isinstance(obj, Empty):
        return {"type": "empty"}
    if isinstance(obj, Text):
        return {"type": "text", "text": obj.text}
    if isinstance(obj, Quantity):
        out = {"type": "quantity", "number": obj.number, "unit": obj.unit}
        if obj.op:
            out["op"] = obj.op
        if obj.qualifier:
            out["qualifier"] = obj.qualifier
        return out
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_data(getattr(obj, f.name)) for f in dataclasses.fields(obj) if not f.name.startswith("_")}
    if isinstance(obj, dict):
        return {str(k): to_data(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_data(v) for v in obj]
    if isinstance(obj, float) and obj.is_integer():
        return int(obj)
    return obj
