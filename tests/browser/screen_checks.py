"""What a person on a phone sees, checked on any page: the words of the page's own language,
a page that does not scroll sideways, and a name for every control a screen reader reaches."""

import re

from benchmarks.browser import PHONE_WIDTH
from tests.browser.conftest import page_width

# Han characters, and the punctuation only Chinese text uses (、。「」（），：；).
HAN = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # ideographs
    r"\u3001-\u3011\uff08\uff09\uff0c\uff1a\uff1b]"  # 、。「」（），：；
)

# Each visible text of `root` (and the words a screen reader reads from its attributes) that
# is written in the page's language: text inside an element marked with another `lang` (a
# language's own name in the language menu, content the author marked as Chinese) is left out.
VISIBLE_TEXTS = """(root) => {
  const language = document.documentElement.lang;
  const own = element => (element.closest('[lang]')?.lang || language) === language;
  const texts = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.data.trim();
    const element = walker.currentNode.parentElement;
    if (!text || !own(element) || ['SCRIPT', 'STYLE'].includes(element.tagName)) continue;
    const shown = element.tagName === 'OPTION' ? element.parentElement : element;
    if (shown.checkVisibility({visibilityProperty: true})) texts.push(text);
  }
  for (const element of root.querySelectorAll('[aria-label], [placeholder], [alt], [title]')) {
    if (!own(element)) continue;
    for (const name of ['aria-label', 'placeholder', 'alt', 'title']) {
      const value = (element.getAttribute(name) || '').trim();
      if (value) texts.push(`${name}="${value}"`);
    }
  }
  return texts;
}"""


def han_in_visible_text(page, *, allowed=(), selector: str = "main") -> list[str]:
    """The visible texts of `selector` (main content by default; every element matched) that
    hold Han characters once the proper names in `allowed` (a trainee's, a county's, a
    shop's, as the test data gives them) are taken out; [] when the page speaks only its
    own language."""
    found = []
    for element in page.locator(selector).all():
        for text in element.evaluate(VISIBLE_TEXTS):
            rest = text
            for name in sorted(allowed, key=len, reverse=True):
                rest = rest.replace(name, "")
            if HAN.search(rest):
                found.append(text)
    return found


# Roles a person acts on, which need a name to be told apart by a screen reader.
CONTROL_ROLES = {
    "button",
    "checkbox",
    "combobox",
    "DisclosureTriangle",
    "link",
    "listbox",
    "progressbar",
    "radio",
    "searchbox",
    "slider",
    "spinbutton",
    "switch",
    "textbox",
}


def controls_without_a_name(page) -> list[str]:
    """Controls whose accessible name, as chromium computes it for screen readers, is empty."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    unnamed = []
    for node in nodes:
        role = node.get("role", {}).get("value")
        if node.get("ignored") or role not in CONTROL_ROLES:
            continue
        if not str(node.get("name", {}).get("value", "")).strip():
            unnamed.append(f"{role} (backend node {node.get('backendDOMNodeId')})")
    return unnamed


# Each visible element of <main> that reaches past the screen's left or right edge, unless a
# box of its own scrolls sideways to show it (a wide listing): the admin's <main> hides what
# overflows it, so such an element is cut off without the page scrolling.
CUT_OFF = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = element => {
    for (let box = element.parentElement; box && box.tagName !== 'MAIN'; box = box.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(box).overflowX)
          && box.scrollWidth > box.clientWidth) return true;
    }
    return false;
  };
  const cut = [];
  for (const element of document.querySelectorAll('main *')) {
    if (!element.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const box = element.getBoundingClientRect();
    if (!box.width || !box.height || (box.left >= -1 && box.right <= width + 1)) continue;
    if (element.closest('svg') !== element && element.closest('svg')) continue;
    if (!scrolls(element)) {
      const text = (element.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 30);
      const where = `${Math.round(box.left)}..${Math.round(box.right)}`;
      cut.push(`${element.tagName.toLowerCase()} ${where} ${text}`);
    }
  }
  return cut;
}"""


def cut_off(page) -> list[str]:
    """The elements of <main> cut off at the screen's edges (see CUT_OFF); [] when none."""
    return page.evaluate(CUT_OFF)


def assert_fits_the_phone(page):
    assert page_width(page) <= PHONE_WIDTH, f"{page.url} scrolls sideways on a phone"


def assert_every_control_named(page):
    assert controls_without_a_name(page) == [], f"controls without a name on {page.url}"
