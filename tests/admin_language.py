"""What a person reads on an admin screen, and which of it is not in the screen's language.

The texts read are the text nodes outside <script>, <style>, <textarea> (what was typed) and
<kbd> (a keyboard's keys, Ctrl, as printed on them), hidden ones too: an element with the
hidden attribute, or inside a <template>, is a dropdown menu, a dialog, a side panel, a tab or
a filter drawer that a click shows (all Wagtail's templates are shown so). Left out is only
the text a script writes over before it shows it (a side panel's counter). Read too are
the attributes a screen reader or a tooltip says (aria-label, title, placeholder, alt,
Wagtail's tooltip and progress labels), the value of a submit button, and the words of
Wagtail's JSON props (the sidebar menu's labels, the strings its scripts show) but for a
string that is itself JSON (a rich text's stored value, a block's default). Anything
inside an element whose lang attribute names another language (a language picker) is
left out.

A text is in Chinese when it holds no Latin word but the few below; it is in Tibetan when
it holds neither a Latin word nor a Han character (nor Chinese punctuation). Names, titles
and other records of the test's world are data, not interface: they are taken out of the
text before it is read.
"""

import json
import re
from html.parser import HTMLParser

# Latin words people read as they are in a Chinese or Tibetan county office.
ALLOWED_WORDS = {
    "Eagle",  # the programme's own name, beside 雄鹰工程 (its brand)
    # File formats and units named as the files and the computer name them.
    "CSV",
    "XLSX",
    "PDF",
    "ZIP",
    "AVIF",  # the image formats an upload may be, as Wagtail lists them
    "GIF",
    "JPG",
    "JPEG",
    "PNG",
    "WEBP",
    "pdf",  # the documents' extensions, as Wagtail lists them (WAGTAILDOCS_EXTENSIONS)
    "docx",
    "xlsx",
    "pptx",
    "txt",
    "csv",
    "zip",
    "webm",
    "KB",
    "MB",
    "GB",
    "UTF",  # UTF-8, and GBK: the text encodings a spreadsheet is saved in
    "GBK",
    # Acronyms written in Latin letters in Chinese and Tibetan offices alike.
    "QR",  # the QR code printed for checking in
    "SMS",
    "ID",
    "URL",
    "API",
    "X",  # the last character of an identity number, which may be X
    # Programs and settings named as they name themselves on the screen.
    "Excel",  # the spreadsheet people save their CSV files with
    "JavaScript",  # the browser setting the admin asks to turn on
    "ffmpeg",  # the program that makes a video's smaller copies, in what it said
}

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# Scripts and styles; what was typed (a textarea); keys as a keyboard prints them (Ctrl).
NOT_READ = {"script", "style", "textarea", "kbd"}
# Elements whose text a script writes before it shows them: Wagtail's side panel counters,
# hidden while the server writes "None" in them.
WRITTEN_BY_SCRIPT = ("data-side-panel-toggle-counter",)
READ_ATTRIBUTES = (
    "aria-label",
    "title",
    "placeholder",
    "alt",
    "data-w-tooltip-content-value",
    "data-w-progress-active-value",
    "data-focal-input-label",
)
# The keys of Wagtail's JSON props whose values are read (menu labels, block labels, ...).
READ_KEYS = {
    "label",
    "footer_text",
    "help_text",
    "helpText",
    "title",
    "text",
    "placeholder",
    "description",
    "ariaLabel",
    "display_name",
}
STRINGS_KEYS = {"STRINGS", "strings"}  # everything under them is read
JSON_ATTRIBUTE = re.compile(r"^data-w-[a-z-]+-(arguments|props|value)$")


def _json_texts(value, *, read: bool = False):
    """The strings of a JSON value that a person reads."""
    if isinstance(value, str):
        if read and not isinstance(_loads(value), dict | list):  # JSON in a string is data
            yield value
    elif isinstance(value, list):
        for item in value:
            yield from _json_texts(item, read=read)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _json_texts(
                item,
                read=read
                or key in STRINGS_KEYS
                or (key in READ_KEYS and isinstance(item, str | list)),
            )


class _ScreenText(HTMLParser):
    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, not read, another language)
        self.texts: list[str] = []
        self.json_script = False

    def _skipped(self) -> bool:
        return any(not_read or foreign for _tag, not_read, foreign in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = attributes.get("lang")
        foreign = bool(lang) and lang.lower() != self.language and tag != "html"
        not_read = tag in NOT_READ or any(name in attributes for name in WRITTEN_BY_SCRIPT)
        if not self._skipped() and not foreign and tag not in ("script", "style"):
            for name in READ_ATTRIBUTES:
                if attributes.get(name):
                    self.texts.append(attributes[name])
            if tag == "input" and attributes.get("type") in ("submit", "button", "reset"):
                self.texts.append(attributes.get("value") or "")
            for name, value in attributes.items():
                if value and JSON_ATTRIBUTE.match(name) and value.lstrip()[:1] in "[{":
                    self.texts += _json_texts(_loads(value))
        if tag in VOID:
            return
        self.json_script = tag == "script" and attributes.get("type") == "application/json"
        self.stack.append((tag, not_read, foreign))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if self.json_script and self.stack and self.stack[-1][0] == "script":
            if not any(foreign for _tag, _not_read, foreign in self.stack):
                self.texts += _json_texts(_loads(data))
            return
        if not self._skipped():
            self.texts.append(data)


def _loads(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return None


def screen_texts(content: str, language: str) -> list[str]:
    """The texts a person reads on a screen (HTML, or the JSON of a modal holding its HTML),
    each with its white space collapsed, in order, without repeats."""
    stripped = content.lstrip()
    if stripped[:1] == "{":
        data = _loads(stripped)
        if isinstance(data, dict):
            html = data.get("html") or ""
            texts = [str(data[key]) for key in ("error_message", "message") if data.get(key)]
            return _unique(texts + screen_texts(html, language)) if html else _unique(texts)
    parser = _ScreenText(language)
    parser.feed(content)
    parser.close()
    return _unique(parser.texts)


def _unique(texts) -> list[str]:
    seen, found = set(), []
    for text in texts:
        text = " ".join(str(text).split())
        if text and text not in seen:
            seen.add(text)
            found.append(text)
    return found


LATIN_WORD = re.compile(r"(?<![0-9A-Za-z])[A-Za-z]+(?:['’][A-Za-z]+)*(?![0-9A-Za-z])")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]")
# Addresses, e-mail addresses, the placeholders of a message (%(count)s, {title}) and a video
# format's name as export dialogs print it (H.264) are not words of a language.
NOT_WORDS = re.compile(
    r"https?://\S+|\S+@\S+\.\w+|(?<!\w)/[\w./?=&%-]*|%\(\w+\)[sdf]|%[sdf]|\{\w*\}"
    r"|(?<![\w.])H\.26[45](?![\w.])"
)


class Data:
    """The world's data, taken out of a text before it is read: one pattern, longest value
    first (a name goes before its part), and what was read already (the menu repeats)."""

    def __init__(self, values):
        values = sorted({value for value in values if value}, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, values))) if values else None
        self.read: dict[tuple[str, str], bool] = {}

    def take_out(self, text: str) -> str:
        return self.pattern.sub(" ", text) if self.pattern else text


def not_in_language(text: str, language: str, data) -> bool:
    """Whether a text holds words of another language than the screen's, once the world's data
    (a list of values, or a Data) and addresses are taken out."""
    data = data if isinstance(data, Data) else Data(data)
    key = (text, language)
    if key not in data.read:
        rest = NOT_WORDS.sub(" ", data.take_out(text))
        words = [word for word in LATIN_WORD.findall(rest) if word not in ALLOWED_WORDS]
        data.read[key] = bool(words) or (language == "bo" and bool(HAN.search(rest)))
    return data.read[key]


def untranslated(content: str, language: str, data) -> list[str]:
    """The texts of a screen that are not in its language."""
    data = data if isinstance(data, Data) else Data(data)
    return [
        text for text in screen_texts(content, language) if not_in_language(text, language, data)
    ]
