"""A phone's chromium: how the browser tests and the benchmark open pages.

Debian's chromium only (/usr/bin/chromium); no browser is ever downloaded.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE_WIDTH, PHONE_HEIGHT = 390, 844
PHONE_CONTEXT = {
    "viewport": {"width": PHONE_WIDTH, "height": PHONE_HEIGHT},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36"
    ),
    "locale": "zh-CN",
}
# The page budget for a lesson with text and two images, on first load.
BUDGET_BYTES = 100 * 1024
BUDGET_REQUESTS = 10
# Video and audio load only when played; they are reported but not budgeted.
UNBUDGETED_TYPES = {"media"}


def launch_chromium(playwright):
    return playwright.chromium.launch(
        executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
    )


@dataclass(frozen=True)
class Transfer:
    path: str
    resource_type: str
    status: int | None
    body_bytes: int  # as sent over the wire (compressed when the server compressed it)
    decoded_bytes: int
    header_bytes: int
    encoding: str


@dataclass
class PageWeight:
    transfers: list[Transfer] = field(default_factory=list)

    @property
    def budgeted(self) -> list[Transfer]:
        return [t for t in self.transfers if t.resource_type not in UNBUDGETED_TYPES]

    @property
    def requests(self) -> int:
        return len(self.budgeted)

    @property
    def body_bytes(self) -> int:
        return sum(t.body_bytes for t in self.budgeted)

    @property
    def header_bytes(self) -> int:
        return sum(t.header_bytes for t in self.budgeted)

    @property
    def within_budget(self) -> bool:
        return self.body_bytes < BUDGET_BYTES and self.requests <= BUDGET_REQUESTS


def _transfer(request) -> Transfer:
    response = request.response()
    sizes = request.sizes()
    decoded = len(response.body()) if response and response.status < 300 else 0
    return Transfer(
        path=urlsplit(request.url).path,
        resource_type=request.resource_type,
        status=response.status if response else None,
        body_bytes=sizes["responseBodySize"],
        decoded_bytes=decoded,
        header_bytes=sizes["responseHeadersSize"],
        encoding=(response.headers.get("content-encoding", "-") if response else "-"),
    )


def _scroll_to_the_end(page) -> None:
    """Scroll down a screen at a time, as a reader does, so lazy images load."""
    height = page.evaluate("document.scrollingElement.scrollHeight")
    for top in range(0, height + PHONE_HEIGHT, PHONE_HEIGHT // 2):
        page.evaluate(f"window.scrollTo(0, {top})")
        page.wait_for_timeout(100)
    page.wait_for_function("Array.from(document.images).every(image => image.complete)")
    page.wait_for_load_state("networkidle")


def first_load_weight(browser, url: str) -> tuple[PageWeight, PageWeight]:
    """What a phone with an empty cache fetches: on opening `url`, and after reading to the end."""
    context = browser.new_context(**PHONE_CONTEXT)
    try:
        page = context.new_page()
        finished = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.on("requestfailed", lambda request: finished.append(request))
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        on_open = PageWeight([_transfer(request) for request in finished])
        _scroll_to_the_end(page)
        read_through = PageWeight([_transfer(request) for request in finished])
    finally:
        context.close()
    return on_open, read_through
