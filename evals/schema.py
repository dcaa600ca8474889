"""The gold file's format, checked line by line so a malformed item names its line and field.

One JSON object per line::

    {"id": "containers-count", "question": "How many containers ...?", "answers": ["16,500"],
     "evidence": ["Russia has secured more than 16,500 containers ..."], "answerable": true,
     "category": "number", "split": "test"}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: str


class GoldItem(BaseModel):
    """One gold question: what counts as a right answer, and which sentences prove it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    question: str
    answers: list[str] = Field(default_factory=list, description="Acceptable short answers; any one counts.")
    must_include: list[str] = Field(default_factory=list, description="Strings that must all appear.")
    evidence: list[str] = Field(default_factory=list, description="Verbatim supporting sentences; any one counts.")
    answerable: bool | Literal["either"]
    history: list[Turn] = Field(default_factory=list)
    forbidden: list[str] = Field(default_factory=list, description="Strings the answer must never contain.")
    category: str = "fact"
    split: Literal["dev", "test"] = "test"

    @field_validator("answerable", mode="before")
    @classmethod
    def _strict_answerable(cls, value):
        if value not in (True, False, "either"):
            raise ValueError('must be true, false or "either"')
        return value

    @model_validator(mode="after")
    def _answerable_needs_answers(self):
        if self.answerable is True and not (self.answers and self.evidence):
            raise ValueError("an answerable item needs 'answers' and 'evidence'")
        return self


class GoldFileError(ValueError):
    """A gold file that cannot be used; the message names the file, line and field."""


def load_gold(path: str | Path) -> list[GoldItem]:
    """Parse and check a gold JSONL file; raise ``GoldFileError`` at the first bad line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFileError(f"Cannot read gold file '{path}': {exc}") from None
    items, seen = [], set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = GoldItem.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            raise GoldFileError(f"{path}:{number}: not valid JSON ({exc.msg} at column {exc.colno}).") from None
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"]) or "(item)"
            raise GoldFileError(f"{path}:{number}: field '{field}': {first['msg']}.") from None
        if item.id in seen:
            raise GoldFileError(f"{path}:{number}: field 'id': duplicate id '{item.id}'.")
        seen.add(item.id)
        items.append(item)
    if not items:
        raise GoldFileError(f"Gold file '{path}' has no items.")
    return items
