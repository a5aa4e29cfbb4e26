"""Read a page the way a person does: a control is labelled by the text just before it, and a
section runs from its heading to the next heading of the same kind.

Live portals bind almost nothing (`<p>(1) Họ, chữ đệm, tên: <span><input>`, headings that are
`<p><strong>I. …`), so these two readings are Playwright selector engines, evaluated in the page
or frame in one call each time Playwright polls: `dvc-field=` and `dvc-section=`. As engines they
work with every Playwright wait, with `or_` fallbacks and inside (cross-origin) frames. The names
are matched with the same regex as every other locator (`locate.name_pattern`).
"""

from __future__ import annotations

import json
import re
from typing import Literal

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Playwright

FIELD_ENGINE = "dvc-field"
SECTION_ENGINE = "dvc-section"

#: What a person types into, ticks or opens. Plain `[tabindex]` divs and spans are custom
#: dropdowns' headers; a checkbox hidden under a custom skin still counts (its label is what is clicked).
_SHARED_JS = r"""
const CONTROL = 'input:not([type=hidden]), select, textarea, [role=combobox], [role=textbox],'
  + ' [role=listbox], [role=spinbutton], [role=radio], [role=checkbox], [contenteditable=""],'
  + ' [contenteditable=true], button[aria-haspopup], :is(div, span)[tabindex]:not([tabindex^="-"]),'
  + ' .cc-select-selector';
const NUMBERING = new RegExp('^(\\(\\s*[0-9a-zA-Z]{1,4}\\s*\\)|[0-9]{1,3}(\\.[0-9]{1,3})*[.)]'
  + '|[IVXLCivxlc]{1,6}[.)]|[a-zđ][.)])\\s+');
const clean = (t) => (t || '').normalize('NFC').replace(/\s+/g, ' ').trim();
const bare = (t) => clean(t).replace(NUMBERING, '').replace(/(\s*[:：]|\s*\(?\*\)?)+\s*$/, '').trim();
const shown = (el) => !!el && el.getClientRects().length > 0
  && getComputedStyle(el).visibility !== 'hidden';
const isControl = (el) => el.nodeType === 1 && el.matches(CONTROL);
const hasControl = (el) => isControl(el) || !!el.querySelector(CONTROL);
const meaningful = (t) => /[\p{L}\p{N}]/u.test(t);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'OPTION', 'SELECT', 'TEXTAREA']);
function texts(root) {
  const out = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement && !SKIP.has(n.parentElement.tagName)
      && meaningful(n.data)) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT });
  while (walker.nextNode()) out.push(walker.currentNode);
  return out;
}
/* Text nodes whose text is the name, else the smallest control-free element whose whole text
 * is (a name split over `<b>Họ</b> tên`). */
function anchors(root, re, strip) {
  const found = [];
  const test = (t) => re.test(clean(t)) || (strip && re.test(bare(t)));
  for (const node of texts(root)) {
    if (test(node.data) && shown(node.parentElement)) found.push(node);
  }
  if (found.length) return found;
  const all = root.querySelectorAll ? root.querySelectorAll('*') : [];
  const els = [...all].filter((el) => !SKIP.has(el.tagName) && !hasControl(el)
    && test(el.textContent) && shown(el));
  return els.filter((el) => !els.some((other) => other !== el && el.contains(other)));
}
"""

_FIELD_JS = (
    "(() => {"
    + _SHARED_JS
    + r"""
/* Words a widget shows inside itself before its input (React Select's placeholder or value). */
const INSIDE_WIDGET = '[class*=placeholder], [class*=singleValue], [class*=single-value], .ng-value,'
  + ' [aria-hidden=true]';
/* The first control after the text in reading order, unless other words come first (then the
 * text labels something else, or its control is not drawn yet). */
function controlAfter(anchor, root) {
  const scope = root.nodeType === 9 ? root.body || root : root;
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  walker.currentNode = anchor;
  const own = anchor.nodeType === 1 ? anchor : null;
  let steps = 0;
  while (walker.nextNode() && steps++ < 200) {
    const n = walker.currentNode;
    if (own && own.contains(n)) continue;
    if (n.nodeType === 3) {
      if (meaningful(n.data) && !SKIP.has(n.parentElement.tagName)
          && !n.parentElement.closest(CONTROL + ', ' + INSIDE_WIDGET)) return null;
      continue;
    }
    if (SKIP.has(n.tagName) && n.tagName !== 'SELECT' && n.tagName !== 'TEXTAREA') continue;
    if (isControl(n)) {
      const box = n.type === 'checkbox' || n.type === 'radio';
      if (box || shown(n)) return n;
    }
  }
  return null;
}
function region(anchor, control) {
  let el = anchor.nodeType === 1 ? anchor : anchor.parentElement;
  while (el && !el.contains(control)) el = el.parentElement;
  return el;
}
const engine = {
  queryAll(root, selector) {
    const spec = JSON.parse(selector);
    const re = new RegExp(spec.source, spec.flags);
    const seen = new Set(), out = [];
    for (const anchor of anchors(root, re, true)) {
      const control = controlAfter(anchor, root);
      if (!control || seen.has(control)) continue;
      seen.add(control);
      out.push(spec.part === 'region' ? region(anchor, control) : control);
    }
    return out;
  },
  query(root, selector) { return engine.queryAll(root, selector)[0] || null; },
};
return engine;
})()"""
)

_SECTION_JS = (
    "(() => {"
    + _SHARED_JS
    + r"""
function style(text) {
  const t = clean(text);
  if (/^[IVXLC]+[.)]\s/.test(t)) return 'roman';
  if (/^[0-9]+[.)]\s/.test(t)) return 'arabic';
  if (/^\(?[0-9]+\)\s/.test(t)) return 'paren';
  if (/^[a-zđ][.)]\s/.test(t)) return 'letter';
  return 'plain';
}
const LEVEL = { H1: 1, H2: 2, H3: 3, H4: 4, H5: 5, H6: 6 };
function signature(el) {
  const kids = [...el.children].map((c) => c.tagName).join(',');
  return el.tagName + '>' + kids + '|' + style(el.textContent) + '|' + el.className;
}
/* The heading's block (`<p>` around `<strong>`), then its following siblings up to the next
 * heading of the same kind (same tag, inner shape and numbering; or an h-tag of its level).
 * A heading that opens its container and runs to its end (a card) makes the container the
 * region, so the container's own children (a button beside the text) are inside it. */
function regionOf(anchor, root) {
  let head = anchor.nodeType === 1 ? anchor : anchor.parentElement;
  const text = clean(head.textContent);
  while (head.parentElement && head.parentElement !== root
         && clean(head.parentElement.textContent) === text) head = head.parentElement;
  for (let lift = 0; lift < 3 && head; lift++) {
    const sig = signature(head), level = LEVEL[head.tagName];
    const out = [];
    for (let s = head.nextElementSibling; s; s = s.nextElementSibling) {
      if (level && LEVEL[s.tagName] && LEVEL[s.tagName] <= level) break;
      if (!level && signature(s) === sig && meaningful(s.textContent)) break;
      if (s.querySelector('h1,h2,h3,h4,h5,h6') && level) {
        const inner = [...s.querySelectorAll('h1,h2,h3,h4,h5,h6')].some((h) => LEVEL[h.tagName] <= level);
        if (inner) break;
      }
      out.push(s);
    }
    const parent = head.parentElement;
    const whole = parent && parent !== root && head === parent.firstElementChild
      && (!out.length || out[out.length - 1] === parent.lastElementChild);
    if (whole && out.length) return [parent];   // the heading opens its container: a card
    if (out.length) return out;
    if (head.parentElement === root) break;
    head = head.parentElement;
  }
  return [];
}
const engine = {
  queryAll(root, selector) {
    const spec = JSON.parse(selector);
    const re = new RegExp(spec.source, spec.flags);
    const out = [];
    for (const anchor of anchors(root, re, false)) {
      for (const el of regionOf(anchor, root)) if (!out.includes(el)) out.push(el);
    }
    return out;
  },
  query(root, selector) { return engine.queryAll(root, selector)[0] || null; },
};
return engine;
})()"""
)

#: For error messages: the section heading above a control and the text that labels it.
DESCRIBE_JS = (
    "(els) => {"
    + _SHARED_JS
    + r"""
  return els.map((el) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    walker.currentNode = el;
    let label = '', heading = '';
    while (walker.previousNode()) {
      const n = walker.currentNode, t = clean(n.data);
      if (!meaningful(t) || SKIP.has(n.parentElement.tagName)) continue;
      if (!label) { label = t; continue; }
      const p = n.parentElement;
      if (/^H[1-6]$|^LEGEND$|^STRONG$|^B$/.test(p.tagName) || /^[IVXLC]+\.\s/.test(t)) { heading = t; break; }
    }
    const name = el.getAttribute('name') || el.id || el.tagName.toLowerCase();
    return (heading ? heading + ' › ' : '') + label + ' [' + name + ']';
  });
}"""
)


def _spec(pattern: re.Pattern[str], part: Literal["control", "region"] = "control") -> str:
    flags = "i" if pattern.flags & re.IGNORECASE else ""
    return json.dumps({"source": pattern.pattern, "flags": flags, "part": part}, ensure_ascii=False)


def field_selector(pattern: re.Pattern[str], part: Literal["control", "region"] = "control") -> str:
    """`dvc-field=…`: the control the named text labels (`region`: the smallest element holding
    both, where a radio group's options are)."""
    return f"{FIELD_ENGINE}={_spec(pattern, part)}"


def section_selector(pattern: re.Pattern[str]) -> str:
    """`dvc-section=…`: the elements from the named heading to the next one of its kind."""
    return f"{SECTION_ENGINE}={_spec(pattern)}"


def one_byte(script: str) -> str:
    """`script` with every character past ASCII written as a `\\uXXXX` escape (the same in JS
    strings, regexes and comments). Playwright sends its injected script, with every registered
    engine inside, to each document it acts on; one character past Latin-1 anywhere in it (`đ`,
    `：`) makes the whole ~330 kB script travel and compile as UTF-16, twice the bytes."""
    if any(ord(c) > 0xFFFF for c in script):
        raise ValueError("an engine script holds a character outside the BMP; write it as an escape")
    return re.sub(r"[^\x00-\x7f]", lambda m: f"\\u{ord(m.group()):04x}", script)


#: The engines as registered: name → script.
ENGINES: dict[str, str] = {FIELD_ENGINE: one_byte(_FIELD_JS), SECTION_ENGINE: one_byte(_SECTION_JS)}


async def register(playwright: Playwright) -> None:
    """Teach this Playwright the two readings; before any browser context is made."""
    for name, script in ENGINES.items():
        try:
            await playwright.selectors.register(name, script=script)
        except PlaywrightError as exc:
            if "already registered" not in str(exc):
                raise
