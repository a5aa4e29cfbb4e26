"""The one redaction policy: which values of a filing identify a person or open an account, and
what is written in their place in logs, error messages, page captures and traces.

The models say what each field holds, once: the dossier types' `Kind` (personal_id, phone,
email, name, …), a `Sensitive` marker where the kind does not tell (an address's detail), and the
credentials `Account`'s field metadata (`sensitivity`). `redaction_for(data, account)` walks them
into a `Redaction`: every sensitive value with its mask. On top of the known values, anything
that still looks like an identifier (a 9-12 digit run) and every secret a provider handed out
are masked too (`agent.secrets.masking`).

Masks keep just enough to tell rows apart: IDs and phones their last 3 digits (as the logs always
did), names their initials, emails their first letter and domain; addresses and secrets nothing.
"""

from __future__ import annotations

import dataclasses
import enum
import html
import json
import re
import types
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Any, Union, get_args, get_origin
from urllib.parse import quote, quote_plus

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from agent.dossier.types import Kind, Sensitive
from agent.secrets.masking import REDACTED, is_secret_key, scrub


class Sensitivity(enum.StrEnum):
    PERSONAL_ID = "personal_id"
    PHONE = "phone"
    EMAIL = "email"
    NAME = "name"
    ADDRESS = "address"
    SECRET = "secret"


#: Dossier `Kind` names whose values identify a person.
KIND_SENSITIVITY: Mapping[str, Sensitivity] = {
    "personal_id": Sensitivity.PERSONAL_ID,
    "old_id": Sensitivity.PERSONAL_ID,
    "id_number": Sensitivity.PERSONAL_ID,
    "passport": Sensitivity.PERSONAL_ID,
    "social_insurance": Sensitivity.PERSONAL_ID,
    "phone": Sensitivity.PHONE,
    "email": Sensitivity.EMAIL,
    "name": Sensitivity.NAME,
}
#: For data without a model (plain mappings, spreadsheet rows): the field's own name says it.
KEY_SENSITIVITY: Mapping[str, Sensitivity] = {
    "personal_id": Sensitivity.PERSONAL_ID,
    "username": Sensitivity.PERSONAL_ID,  # on the portals, the số định danh
    "phone": Sensitivity.PHONE,
    "email": Sensitivity.EMAIL,
    "full_name": Sensitivity.NAME,
    "recipient": Sensitivity.NAME,
    "detail": Sensitivity.ADDRESS,
}
ADDRESS_MASK = "[địa chỉ]"
#: Shorter values are only replaced where they are the whole text (a name part typed in its own
#: box): as substrings they would eat ordinary words.
MIN_SUBSTRING = 5


def mask_for(sensitivity: Sensitivity, value: str) -> str:
    """What is written instead of `value`: '001090012345' → '*********345', 'Nguyễn Văn An' →
    'N. V. A.', 'an@example.vn' → 'a***@example.vn'."""
    if sensitivity in (Sensitivity.PERSONAL_ID, Sensitivity.PHONE):
        return "*" * max(len(value) - 3, 3) + value[-3:]
    if sensitivity is Sensitivity.NAME:
        return " ".join(f"{word[0]}." for word in value.split())
    if sensitivity is Sensitivity.EMAIL:
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}" if domain else REDACTED
    if sensitivity is Sensitivity.ADDRESS:
        return ADDRESS_MASK
    return REDACTED


@dataclass(frozen=True)
class Redaction:
    """Sensitive values and their masks. `mask` replaces them anywhere in a text (also in their
    URL-, HTML- and JSON-escaped forms, as request bodies and pages carry them); `exact` values
    only where they are the whole text."""

    masks: Mapping[str, str] = field(default_factory=dict)
    exact: Mapping[str, str] = field(default_factory=dict)

    def merged(self, other: Redaction) -> Redaction:
        return Redaction({**self.masks, **other.masks}, {**self.exact, **other.exact})

    def with_secrets(self, *values: str | None) -> Redaction:
        """The same policy, plus secret values (tokens, cookies) met along the way."""
        more = {v: REDACTED for v in values if v and len(v) >= 3}
        return Redaction({**self.masks, **more}, self.exact)

    @cached_property
    def _replacements(self) -> dict[str, str]:
        pairs: dict[str, str] = {}
        for value, mask in self.masks.items():
            # a short value would mask every place its characters happen to recur (an ID typed
            # as "12" is not worth hiding every 12 for); a short secret is still hidden everywhere
            if len(value) < MIN_SUBSTRING and mask != REDACTED:
                continue
            pairs[value] = mask
            for encode in (quote_plus, quote, html.escape, _json_escaped):
                encoded = encode(value)
                if encoded != value:
                    pairs.setdefault(encoded, encode(mask))
        return pairs

    @cached_property
    def _by_folded(self) -> dict[str, str]:
        """The masks by case-folded value: pages capitalise names as they are typed (“NGUYỄN VĂN
        AN”), and a name is as personal in capitals."""
        folded: dict[str, str] = {}
        for value, mask in self._replacements.items():
            folded.setdefault(value.casefold(), mask)
        return folded

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        keys = sorted(self._replacements, key=len, reverse=True)
        return re.compile("|".join(map(re.escape, keys)), re.IGNORECASE) if keys else None

    def _mask_match(self, match: re.Match[str]) -> str:
        found = match.group(0)
        return self._replacements.get(found) or self._by_folded.get(found.casefold(), REDACTED)

    def mask(self, text: str) -> str:
        """`text` with every known sensitive value, remembered secret and ID-like digit run
        masked."""
        whole = self.exact.get(text.strip()) or self.masks.get(text.strip())
        if whole is not None:
            return whole
        if self._pattern is not None:
            text = self._pattern.sub(self._mask_match, text)
        return str(scrub(text))

    def mask_value(self, value: Any) -> Any:
        """Strings masked, recursively through mappings and lists; secret-named keys dropped to
        '***'."""
        if isinstance(value, str):
            return self.mask(value)
        if isinstance(value, Mapping):
            return {k: (REDACTED if is_secret_key(str(k)) else self.mask_value(v)) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self.mask_value(v) for v in value)
        return value


NO_VALUES = Redaction()


def redaction_for(*sources: Any) -> Redaction:
    """The policy for a filing: the sensitive values of each source (a dossier model or mapping,
    an `Account`), as the models mark them."""
    masks: dict[str, str] = {}
    exact: dict[str, str] = {}
    for source in sources:
        for value, sensitivity in sensitive_values(source):
            masks[value] = mask_for(sensitivity, value)
            if sensitivity is Sensitivity.NAME:
                for word in value.split():  # name parts typed into their own boxes
                    exact.setdefault(word, f"{word[0]}.")
    return Redaction(masks, exact)


def sensitive_values(
    source: Any, sensitivity: Sensitivity | None = None
) -> Iterator[tuple[str, Sensitivity]]:
    """(value, sensitivity) of every marked field inside `source`."""
    if source is None:
        return
    if sensitivity is not None and isinstance(source, str | int) and str(source).strip():
        yield str(source).strip(), sensitivity
    elif isinstance(source, BaseModel):
        for name, info in type(source).model_fields.items():
            yield from sensitive_values(getattr(source, name, None), field_sensitivity(info))
    elif dataclasses.is_dataclass(source) and not isinstance(source, type):
        for f in dataclasses.fields(source):
            marked = f.metadata.get("sensitivity")
            yield from sensitive_values(getattr(source, f.name), Sensitivity(marked) if marked else None)
    elif isinstance(source, Mapping):
        for key, value in source.items():
            yield from sensitive_values(value, key_sensitivity(str(key)))
    elif isinstance(source, list | tuple):
        for item in source:
            yield from sensitive_values(item, sensitivity)
    elif hasattr(source, "__dict__") and not isinstance(source, str | int | float | bool):
        yield from sensitive_values(vars(source))  # a SimpleNamespace dossier


def field_sensitivity(info: FieldInfo) -> Sensitivity | None:
    """What a model field holds, from its `Sensitive` marker or its `Kind`."""
    markers = [*info.metadata, *_annotated_markers(info.annotation)]
    for marker in markers:
        if isinstance(marker, Sensitive):
            return Sensitivity(marker.what)
    for marker in markers:
        if isinstance(marker, Kind) and marker.name in KIND_SENSITIVITY:
            return KIND_SENSITIVITY[marker.name]
    return None


def key_sensitivity(key: str) -> Sensitivity | None:
    """What a field of unmodelled data holds, from its (dotted) name."""
    last = key.rsplit(".", 1)[-1].lower()
    if key.lower().endswith("id_document.number"):
        return Sensitivity.PERSONAL_ID
    if is_secret_key(last):
        return Sensitivity.SECRET
    return KEY_SENSITIVITY.get(last)


def _annotated_markers(annotation: Any) -> Iterator[object]:
    origin = get_origin(annotation)
    if origin is Annotated:
        inner, *metadata = get_args(annotation)
        yield from metadata
        yield from _annotated_markers(inner)
    elif origin in (Union, types.UnionType):
        for member in get_args(annotation):
            yield from _annotated_markers(member)


def _json_escaped(value: str) -> str:
    return json.dumps(value)[1:-1]


# ---- for reports written outside the runner (the batch layer) ---------------------------------


def mask_message(text: str | None, redaction: Redaction = NO_VALUES) -> str | None:
    """A message (error, note) fit for a report: the filing's values masked when its policy is
    known, identifiers and remembered secrets always."""
    return None if text is None else redaction.mask(text)


def mask_row(row: Mapping[str, Any], redaction: Redaction = NO_VALUES) -> dict[str, Any]:
    """A spreadsheet row (dotted column → value) fit for a report: values of identifying columns
    masked by their column's name, and every other text as `mask_message`."""
    masked: dict[str, Any] = {}
    for column, value in row.items():
        sensitivity = key_sensitivity(column)
        if sensitivity is not None and value not in (None, ""):
            masked[column] = mask_for(sensitivity, str(value))
        else:
            masked[column] = redaction.mask_value(value)
    return masked
