"""The drift report: when a flow needed a fallback locator or could not find an element, which
step (file:line), which locator was tried, what was used instead, and the elements on the page
whose names come closest to the one the flow asked for — so the fix is a one-line edit.

Where it comes from: a `FlowStepMismatch` names its step's file:line; the step's own locators and
scopes are read back from the flow; the candidates are read from the page (and its frames) while
it still shows what the step failed on. Fallbacks are the run's `fallback_used` events. Every text
goes through the filing's redaction policy: a candidate could be a value shown as text.
"""

from __future__ import annotations

import contextlib
import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Page

from agent.dossier.rules import fold
from agent.flow import Op, plan
from agent.flow.schema import CheckArgs, Located, Step, Target, UploadArgs, WithinArgs
from agent.secrets.redaction import NO_VALUES, Redaction

#: Candidates scoring below this are not worth a person's time.
MIN_SCORE = 0.45
MAX_CANDIDATES = 5
#: Kinds of names a locator can ask for, as `Target` spells them (the page's kinds are the same).
LOCATOR_KINDS = ("button", "link", "heading", "tab", "label", "field", "placeholder", "text")

#: Every named thing a visible page offers: (kind, name) pairs, in the page and each frame.
CANDIDATES_JS = r"""() => {
  const out = [], seen = new Set();
  const clean = (t) => (t || '').replace(/\s+/g, ' ').replace(/\s*\*\s*$/, '').trim();
  const shown = (el) => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return (r.width > 0 || r.height > 0) && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const add = (kind, text) => {
    text = clean(text);
    if (!text || text.length > 120) return;
    const key = kind + '\u0000' + text;
    if (!seen.has(key) && out.length < 3000) { seen.add(key); out.push([kind, text]); }
  };
  const kinds = [
    ['label', 'label'], ['group', 'legend'], ['heading', 'h1,h2,h3,h4,h5,h6,[role=heading]'],
    ['button', 'button,[role=button],input[type=submit],input[type=button]'],
    ['link', 'a[href],[role=link]'], ['tab', '[role=tab]'], ['row', 'th,caption'],
  ];
  for (const [kind, sel] of kinds)
    for (const el of document.querySelectorAll(sel))
      if (shown(el)) add(kind, el.innerText || el.value || el.getAttribute('aria-label'));
  for (const el of document.querySelectorAll('[placeholder]'))
    if (shown(el)) add('placeholder', el.getAttribute('placeholder'));
  for (const el of document.querySelectorAll('[aria-label]'))
    if (shown(el)) add('label', el.getAttribute('aria-label'));
  for (const el of document.querySelectorAll('p,span,div,td,dt,strong,b'))
    if (!el.children.length && shown(el)) {
      const t = clean(el.textContent);
      if (t.length >= 2 && t.length <= 80)
        add('field', t.replace(/^\(?[0-9IVX]+[.)]\s*/, '').replace(/:$/, ''));
    }
  return out;
}"""


@dataclass(frozen=True)
class Candidate:
    kind: str
    name: str
    score: float

    def describe(self) -> str:
        return f'{self.kind} "{self.name}" ({self.score:.0%})'

    def as_step_argument(self) -> str:
        """How a flow would name it: `{label: "…"}`."""
        kind = {"group": "group", "row": "row"}.get(self.kind, self.kind)
        return f'{{{kind}: "{self.name}"}}'


@dataclass
class DriftItem:
    step: str  # file:line
    verb: str
    tried: list[str]  # the locators, in order (primary first)
    scope: str | None = None  # within …
    used: str | None = None  # the fallback that stood in (None: nothing was found)
    detail: str = ""  # the engine's own words
    candidates: list[Candidate] = field(default_factory=list)  # like the element asked for
    scope_candidates: list[Candidate] = field(default_factory=list)  # like the scope's name
    wanted: list[tuple[str, str]] = field(default_factory=list)
    scope_wanted: list[tuple[str, str]] = field(default_factory=list)

    @property
    def element_shown(self) -> bool:
        """The page shows (now) exactly the name the step asked for."""
        return any(_same(w, c) for w in self.wanted for c in self.candidates)

    @property
    def proposal(self) -> str | None:
        """The one-line fix: rename the element, or (when the element is there) its scope."""
        if self.used:
            return None
        if not self.element_shown:
            return f"name it {self.candidates[0].as_step_argument()}" if self.candidates else None
        scope_shown = any(_same(w, c) for w in self.scope_wanted for c in self.scope_candidates)
        if self.scope_wanted and self.scope_candidates and not scope_shown:
            return f"scope it within {self.scope_candidates[0].as_step_argument()}"
        return None

    def lines(self) -> list[str]:
        """The report, one line per fact."""
        head = f"{self.step}: {self.verb} step"
        within = f" within {self.scope}" if self.scope else ""
        out = [f"{head}: tried {' or '.join(self.tried) or '-'}{within}"]
        if self.used:
            out.append(f"  used instead: {self.used} (a fallback: update the primary locator)")
        else:
            out.append("  not found on the page" + (f": {self.detail}" if self.detail else ""))
        if self.candidates:
            out.append("  similar on the page: " + "; ".join(c.describe() for c in self.candidates))
        if self.scope_candidates and self.element_shown:
            out.append("  like the scope: " + "; ".join(c.describe() for c in self.scope_candidates))
        if self.element_shown and not self.used:
            out.append(
                "  the element is on the page now: it came late, is hidden, is not a "
                f"{self.wanted[0][0] if self.wanted else 'control'} there, or lies outside the scope"
            )
        if self.proposal:
            out.append(f"  proposal: {self.proposal}")
        return out

    def to_dict(self) -> dict[str, object]:
        return {
            "step": self.step,
            "verb": self.verb,
            "tried": self.tried,
            "scope": self.scope,
            "used": self.used,
            "detail": self.detail,
            "candidates": [c.__dict__ for c in self.candidates],
            "scope_candidates": [c.__dict__ for c in self.scope_candidates],
            "proposal": self.proposal,
        }


def _same(wanted: tuple[str, str], seen: Candidate) -> bool:
    return fold(wanted[1]).rstrip("…").strip() == fold(seen.name)


def similarity(wanted: str, seen: str) -> float:
    """0..1: mostly the character-level likeness, plus shared words (both without diacritics)."""
    a, b = fold(wanted).rstrip("…").strip(), fold(seen)
    if not a or not b:
        return 0.0
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    words_a, words_b = set(a.split()), set(b.split())
    shared = len(words_a & words_b) / len(words_a | words_b)
    return round(0.7 * ratio + 0.3 * shared, 3)


def rank(wanted: Iterable[tuple[str, str]], seen: Iterable[tuple[str, str]]) -> list[Candidate]:
    """The page's names closest to any of the wanted (kind, name) pairs; the same kind counts a
    little more. Best first, at most MAX_CANDIDATES, none below MIN_SCORE."""
    wanted = list(wanted)
    best: dict[tuple[str, str], float] = {}
    for kind, name in seen:
        score = max(
            (similarity(w_name, name) + (0.05 if w_kind == kind else 0.0) for w_kind, w_name in wanted),
            default=0.0,
        )
        if score >= MIN_SCORE:
            best[(kind, name)] = max(best.get((kind, name), 0.0), min(score, 1.0))
    ordered = sorted(best.items(), key=lambda item: (-item[1], item[0][1]))
    return [Candidate(kind, name, score) for (kind, name), score in ordered[:MAX_CANDIDATES]]


def find_op(steps: Iterable[list[Step]], source: str) -> Op | None:
    """The op written at `source` (file:line) in any of the step lists (flow, sign-in, …)."""
    for part in steps:
        for op in plan(part):
            if op.step.source == source:
                return op
    return None


def wanted_names(op: Op) -> list[tuple[str, str]]:
    """What the op's locators ask for, as (kind, name), primary first."""
    a = op.args
    targets: list[Target] = []
    pairs: list[tuple[str, str]] = []
    if isinstance(a, Located):
        with contextlib.suppress(Exception):
            targets = a.targets()
        text = getattr(a, "text", None)
        if not targets and text and a._text_locates:
            targets = [Target(text=text)]
    elif isinstance(a, Target):
        targets = [a]
    elif isinstance(a, CheckArgs):
        for way in ("group", "field", "label"):
            if getattr(a, way) is not None:
                pairs.append((way, getattr(a, way)))
        if a.option_text:
            pairs.append(("label", a.option_text))
        targets = list(a.fallbacks)
    elif isinstance(a, UploadArgs):
        pairs.append(("row", a.row))
        if a.button:
            pairs.append(("button", a.button))
    for t in targets:
        named = next((k for k in LOCATOR_KINDS if getattr(t, k) is not None), None)
        if named is not None:
            pairs.append((named, getattr(t, named)))
        elif t.role is not None and t.name is not None:
            pairs.append((t.role, t.name))
    return pairs


def _scope_text(scopes: tuple[WithinArgs, ...]) -> str | None:
    return " / ".join(s.describe() for s in scopes) or None


def _scope_names(scopes: tuple[WithinArgs, ...]) -> list[tuple[str, str]]:
    pairs = []
    for s in scopes:
        for kind in ("group", "section", "dialog", "row", "frame"):
            if getattr(s, kind) is not None:
                pairs.append((kind, getattr(s, kind)))
    return pairs


async def page_names(page: Page) -> list[tuple[str, str]]:
    """Every (kind, name) the page and its frames show now (best effort: a page may be gone)."""
    names: list[tuple[str, str]] = []
    for frame in page.frames:
        with contextlib.suppress(Exception):
            found = await frame.evaluate(CANDIDATES_JS)
            names += [(str(kind), str(name)) for kind, name in found]
    return names


async def mismatch_item(
    page: Page | None,
    steps: Iterable[list[Step]],
    source: str,
    detail: str,
    redaction: Redaction = NO_VALUES,
) -> DriftItem:
    """The drift report of a step that found nothing: read the page while it still shows it."""
    op = find_op(steps, source)
    verb = op.kind if op is not None else detail.split(" step", 1)[0]
    wanted = wanted_names(op) if op is not None else []
    scope = _scope_text(op.scopes) if op is not None else None
    seen = await page_names(page) if page is not None else []
    scope_wanted = _scope_names(op.scopes) if op is not None else []

    def masked(found: list[Candidate]) -> list[Candidate]:
        return [Candidate(c.kind, redaction.mask(c.name), c.score) for c in found]

    return DriftItem(
        step=source,
        verb=verb,
        tried=[f'{kind} "{name}"' for kind, name in wanted],
        scope=scope,
        detail=redaction.mask(detail),
        candidates=masked(rank(wanted, seen)),
        scope_candidates=masked(rank(scope_wanted, seen)),
        wanted=wanted,
        scope_wanted=scope_wanted,
    )


def fallback_items(run_dir: Path | None) -> list[DriftItem]:
    """The fallbacks a run used (its `fallback_used` events, already masked by the log)."""
    if run_dir is None or not (run_dir / "events.jsonl").is_file():
        return []
    events = run_dir / "events.jsonl"
    items: dict[str, DriftItem] = {}
    for line in events.read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(ValueError):
            event = json.loads(line)
            if event.get("event") == "fallback_used":
                source = str(event.get("source", ""))
                items.setdefault(
                    source,
                    DriftItem(
                        step=source,
                        verb="step",
                        tried=[str(event.get("primary", ""))],
                        used=str(event.get("used", "")),
                    ),
                )
    return list(items.values())
