"""A route's vocabulary: how its portal words the dossier's values, as data beside the flows
(`flows/<route>/vocabulary.yaml`), so that no flow needs a `when:` step per option.

Two kinds of entry, both tried after the dossier's own text:

- `forms`, by the dossier field's name (the last part of its path): a place list that shows the
  dossier's "Hà Nội" as "Thành phố Hà Nội" declares `province: ["Thành phố {}", "Tỉnh {}"]`;
- `words`: the same thing in the portal's words, e.g. the wizard's "Nhận kết quả trực tuyến" for
  the dossier's "Trả kết quả trên môi trường mạng (kết quả có ký số)".

`choose` and `check` pick the option shown in any of these wordings; the review comparison and
the conformance checks accept them too. Nothing else is translated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from agent.flow.errors import FlowError
from agent.flow.yaml_lines import load_yaml_with_lines

FILE_NAME = "vocabulary.yaml"


class _VocabularyFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    forms: dict[str, list[str]] = {}
    words: dict[str, str | list[str]] = {}

    @field_validator("forms")
    @classmethod
    def _one_slot(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, forms in v.items():
            for form in forms:
                if form.count("{}") != 1:
                    raise ValueError(
                        f"forms.{name}: {form!r} must hold the value's place as {{}} exactly once"
                    )
        return v


@dataclass(frozen=True)
class Vocabulary:
    forms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def wordings(self, path: str | None, text: str) -> tuple[str, ...]:
        """Other ways the portal may show `text`, the value of dossier field `path`, in order."""
        out = list(self.words.get(text, ()))
        if path:
            out += [form.replace("{}", text) for form in self.forms.get(path.rsplit(".", 1)[-1], ())]
        return tuple(w for w in dict.fromkeys(out) if w != text)


EMPTY = Vocabulary()


def load_vocabulary(route_dir: Path) -> Vocabulary:
    """The vocabulary of the route whose flows are in `route_dir` (empty when it has none)."""
    path = route_dir / FILE_NAME
    if not path.is_file():
        return EMPTY
    raw = load_yaml_with_lines(path) or {}
    try:
        parsed = _VocabularyFile.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise FlowError(f"{route_dir.name}/{FILE_NAME}: {problems}") from None
    return Vocabulary(
        forms={k: tuple(v) for k, v in parsed.forms.items()},
        words={k: (v,) if isinstance(v, str) else tuple(v) for k, v in parsed.words.items()},
    )
