"""The closed lists a server-rendered page offers, read from its HTML as a person would see them.

Radio groups are named by their fieldset's legend, selects and comboboxes by their `<label for>`;
text inside `aria-hidden` elements (the required-field star) is not part of a name, as in the
accessibility tree. A combobox's options are its `data-options` JSON, or — for lists that depend
on another field, like communes — the URL template in `data-source` that the page's script fetches.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass(frozen=True)
class Control:
    """One closed choice on a page: `options` as shown, or `source` to fetch them from."""

    page: str
    group: str
    label: str
    kind: str  # radio | select | combobox
    options: tuple[str, ...] = ()
    source: str = ""  # URL template with `{parent}`, for lists fetched per parent

    @property
    def where(self) -> str:
        return f"{self.page} › {self.group} › {self.label}" if self.group else f"{self.page} › {self.label}"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _option_texts(raw: str) -> tuple[str, ...]:
    """`data-options` holds strings or {code, name} objects; the name is what the list shows."""
    items = json.loads(raw)
    return tuple(item["name"] if isinstance(item, dict) else item for item in items)


@dataclass
class _Fieldset:
    legend: str = ""
    in_legend: bool = False
    radios: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    _VOID = frozenset({"input", "br", "img", "meta", "link", "hr", "source", "wbr", "area", "col"})

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.fieldsets: list[_Fieldset] = []
        self.label_for: dict[str, str] = {}
        self.pending: list[tuple[str, str, str, tuple[str, ...], str]] = []  # id, group, kind, …
        self.controls: list[Control] = []
        self._hidden: list[str] = []
        self._label: dict[str, str] | None = None  # {"for": id, "text": …, "radio": "1"?}
        self._select: tuple[str, str, list[str]] | None = None
        self._option: list[str] | None = None

    # --- text ----------------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._option is not None:
            self._option.append(data)
        if self._label is not None:
            self._label["text"] += data
        elif self.fieldsets and self.fieldsets[-1].in_legend:
            self.fieldsets[-1].legend += data

    def _group(self, skip_innermost: bool = False) -> str:
        """The nearest enclosing fieldset's legend (the block a field belongs to)."""
        stack = self.fieldsets[:-1] if skip_innermost else self.fieldsets
        return _squash(stack[-1].legend) if stack else ""

    # --- tags ----------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if a.get("aria-hidden") == "true" and tag not in self._VOID:
            self._hidden.append(tag)
        if tag == "fieldset":
            self.fieldsets.append(_Fieldset())
        elif tag == "legend" and self.fieldsets and not self.fieldsets[-1].legend:
            self.fieldsets[-1].in_legend = True
        elif tag == "label":
            self._label = {"for": a.get("for", ""), "text": "", "radio": ""}
        elif tag == "input" and a.get("type") == "radio" and self._label is not None:
            self._label["radio"] = "1"
        elif tag == "input" and a.get("role") == "combobox":
            options = _option_texts(a["data-options"]) if a.get("data-options") else ()
            self.pending.append(
                (a.get("id", ""), self._group(), "combobox", options, a.get("data-source", ""))
            )
        elif tag == "select":
            self._select = (a.get("id", ""), self._group(), [])
        elif tag == "option" and self._select is not None:
            self._option = [] if a.get("value") else None  # the empty "-- Chọn --" is no option

    def handle_endtag(self, tag: str) -> None:
        if self._hidden and self._hidden[-1] == tag:
            self._hidden.pop()
            return
        if tag == "legend" and self.fieldsets:
            self.fieldsets[-1].in_legend = False
        elif tag == "label" and self._label is not None:
            text = _squash(self._label["text"])
            if self._label["radio"] and self.fieldsets:
                self.fieldsets[-1].radios.append(text)
            elif self._label["for"]:
                self.label_for[self._label["for"]] = text
            self._label = None
        elif tag == "option" and self._option is not None and self._select is not None:
            self._select[2].append(_squash("".join(self._option)))
            self._option = None
        elif tag == "select" and self._select is not None:
            sid, group, options = self._select
            self.pending.append((sid, group, "select", tuple(options), ""))
            self._select = None
        elif tag == "fieldset" and self.fieldsets:
            done = self.fieldsets.pop()
            if done.radios:
                self.controls.append(
                    Control(self.page, self._group(), _squash(done.legend), "radio", tuple(done.radios))
                )

    def result(self) -> list[Control]:
        named = [
            Control(self.page, group, self.label_for.get(cid, f"#{cid}"), kind, options, source)
            for cid, group, kind, options, source in self.pending
        ]
        return self.controls + named


def closed_controls(html: str, page: str) -> list[Control]:
    """Every radio group, select and combobox on the page, named as a person reads it."""
    reader = _Reader(page)
    reader.feed(html)
    reader.close()
    return reader.result()
