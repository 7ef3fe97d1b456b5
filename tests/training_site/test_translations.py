"""The catalogues are complete, compiled, and the pages speak the language of their URL."""

import ast
import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import allauth
import pytest

import django
from django.conf import settings
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.utils import translation

from courses.factories import CoursePageFactory, LessonPageFactory, quiz_block
from courses.services import translation_aliases_create
from trainees.factories import DEFAULT_PASSWORD, UserFactory

LOCALE = Path(settings.LOCALE_PATHS[0])
LANGUAGES = {"zh_Hans": "nplurals=1; plural=0;", "bo": "nplurals=1; plural=0;"}
LANGUAGES["en"] = "nplurals=2; plural=(n != 1);"
FULLY_TRANSLATED = ["zh_Hans", "bo"]
ALLAUTH_STRINGS = "trainees/allauth_strings.py"
# Wagtail's (and Django's) words the admin shows, listed for their Tibetan: their Chinese may
# be left to Wagtail's catalogue.
WAGTAIL_STRINGS = "machinery/admin/wagtail_strings.py"
# The page screens' words of Wagtail (the editor, explorer, choosers, history, reports).
PAGE_WAGTAIL_STRINGS = "courses/wagtail_strings.py"
WAGTAIL_MEDIA_STRINGS = "courses/wagtail_media_strings.py"  # the images' and documents' screens
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sd]|%%|\{\{.*?\}\}")
HAN = re.compile(r"[\u4e00-\u9fff]")
TIBETAN = re.compile(r"[\u0f00-\u0fff]")


@dataclass
class Entry:
    msgid: str = ""
    plural: str | None = None
    context: str | None = None
    msgstrs: list[str] = field(default_factory=list)
    flags: str = ""
    sources: str = ""

    @property
    def key(self) -> str:
        return f"{self.context}\x04{self.msgid}" if self.context else self.msgid

    def is_translated(self) -> bool:
        return bool(self.msgstrs) and all(self.msgstrs)


def po_entries(language: str, locale: Path = LOCALE, domain: str = "django") -> list[Entry]:
    """The entries of a .po file, header first: just enough of the format for these tests."""
    entries, entry, target = [], None, None
    po = locale / language / "LC_MESSAGES" / f"{domain}.po"
    for line in po.read_text("utf-8").splitlines():
        if not line.strip():
            entry = None
            continue
        if entry is None:
            entry = Entry()
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags += line
        elif line.startswith("#:"):
            entry.sources += line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if target == "msgstr":
                entry.msgstrs[-1] += value
            else:
                setattr(entry, target, getattr(entry, target) + value)
        else:
            keyword, _, value = line.partition(" ")
            value = ast.literal_eval(value)
            if keyword.startswith("msgstr"):
                target = "msgstr"
                entry.msgstrs.append(value)
            else:
                target = {"msgctxt": "context", "msgid": "msgid", "msgid_plural": "plural"}[keyword]
                setattr(entry, target, value)
    return entries


def messages(language: str) -> list[Entry]:
    return po_entries(language)[1:]


def sources(entry: Entry) -> set[str]:
    return {source.split(":")[0] for source in entry.sources.replace("#:", " ").split()}


def only_in_allauth_strings(entry: Entry) -> bool:
    return sources(entry) == {ALLAUTH_STRINGS}


def only_in_borrowed_strings(entry: Entry) -> bool:
    """Words of allauth, Django or Wagtail that no code of ours uses."""
    return sources(entry) <= {
        ALLAUTH_STRINGS,
        WAGTAIL_STRINGS,
        PAGE_WAGTAIL_STRINGS,
        WAGTAIL_MEDIA_STRINGS,
    }


def translated(entry: Entry) -> str:
    """The entry as the active language shows it, whichever catalogue translates it."""
    if entry.plural:
        return translation.ngettext(entry.msgid, entry.plural, 5)
    if entry.context:
        return translation.pgettext(entry.context, entry.msgid)
    return translation.gettext(entry.msgid)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalogue_declares_its_language_and_plural_forms(language):
    header = po_entries(language)[0]
    assert header.msgid == ""
    assert "fuzzy" not in header.flags
    assert f"Language: {language}\n" in header.msgstrs[0]
    assert f"Plural-Forms: {LANGUAGES[language]}\n" in header.msgstrs[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_entry_is_fuzzy(language):
    assert [entry.msgid for entry in messages(language) if "fuzzy" in entry.flags] == []


@pytest.mark.parametrize("language", FULLY_TRANSLATED)
def test_every_message_of_our_own_is_translated(language):
    untranslated = [
        entry.msgid
        for entry in messages(language)
        if not entry.is_translated() and not only_in_borrowed_strings(entry)
    ]
    assert untranslated == []


def test_every_tibetan_message_is_translated_including_allauths():
    assert [entry.msgid for entry in messages("bo") if not entry.is_translated()] == []


def test_chinese_left_empty_for_allauth_wagtail_or_django_comes_from_them():
    with translation.override("zh-hans"):
        not_chinese = [
            entry.msgid
            for entry in messages("zh_Hans")
            if not entry.is_translated() and not HAN.search(translated(entry))
        ]
    assert not_chinese == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_their_msgid(language):
    changed = [
        (entry.msgid, msgstr)
        for entry in messages(language)
        for msgstr in entry.msgstrs
        if msgstr
        # A language of one plural form says the plural's words (its counter) for every count.
        and sorted(PLACEHOLDER.findall(msgstr))
        not in (
            sorted(PLACEHOLDER.findall(entry.msgid)),
            sorted(PLACEHOLDER.findall(entry.plural or entry.msgid)),
        )
    ]
    assert changed == []


def their_chinese_catalogue() -> dict:
    catalogue = {}
    for folder in (
        Path(allauth.__file__).parent,
        Path(django.__file__).parent / "conf",
        Path(django.__file__).parent / "contrib" / "auth",
    ):
        with (folder / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo").open("rb") as mo:
            catalogue.update(gettext.GNUTranslations(mo)._catalog)
    return catalogue


def test_the_allauth_strings_are_spelled_as_allauth_and_django_spell_them():
    theirs = their_chinese_catalogue()
    # Django 5.2 spells this one with %d; its Chinese catalogue still has an older spelling.
    too_short = "This password is too short. It must contain at least %d character."
    unknown = [
        entry.msgid
        for entry in messages("zh_Hans")
        if only_in_allauth_strings(entry)
        and entry.msgid != too_short
        and (entry.key if not entry.plural else (entry.msgid, 0)) not in theirs
    ]
    assert unknown == []


def their_english_msgids() -> set:
    """Every msgid of Wagtail's and Django's catalogues, with its context and plural."""
    import wagtail

    folders = [Path(django.__file__).parent / "conf" / "locale"]
    folders += Path(django.__file__).parent.glob("contrib/*/locale")
    folders += Path(wagtail.__file__).parent.glob("**/locale")
    return {
        (entry.context, entry.msgid, entry.plural)
        for folder in folders
        if (folder / "en" / "LC_MESSAGES" / "django.po").exists()
        for entry in po_entries("en", folder)[1:]
    }


def test_the_wagtail_strings_are_spelled_as_wagtail_and_django_spell_them():
    theirs = their_english_msgids()
    ours = [
        entry
        for entry in messages("bo")
        if sources(entry) & {WAGTAIL_STRINGS, WAGTAIL_MEDIA_STRINGS}
    ]
    assert len(ours) > 300
    # The page editor's, but two of them our own words where Wagtail's scripts show English.
    page_editor_own = {"Slug", "Unsaved changes"}
    ours += [
        entry
        for entry in messages("bo")
        if PAGE_WAGTAIL_STRINGS in sources(entry)
        and not sources(entry) & {WAGTAIL_STRINGS, WAGTAIL_MEDIA_STRINGS}
        and entry.msgid not in page_editor_own
    ]
    unknown = [e.msgid for e in ours if (e.context, e.msgid, e.plural) not in theirs]
    assert unknown == []


def test_djangos_password_too_short_message_is_translated():
    validator = MinimumLengthValidator()
    with translation.override("bo"):
        assert TIBETAN.search(validator.get_error_message())
    with translation.override("zh-hans"):
        assert HAN.search(validator.get_error_message())


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_compiled_catalogue_matches_its_source(language, domain):
    """The .mo is committed so that a fresh machine needs no gettext: it must not lag behind.
    (djangojs: Wagtail's script words, kept by hand in Chinese and Tibetan.)"""
    folder = LOCALE / language / "LC_MESSAGES"
    if not (folder / f"{domain}.po").exists():
        pytest.skip(f"no {domain} catalogue in {language}")
    with (folder / f"{domain}.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    stale = []
    for entry in po_entries(language, LOCALE, domain)[1:]:
        if not entry.is_translated():
            continue
        if entry.plural:
            pairs = {(entry.key, n): msgstr for n, msgstr in enumerate(entry.msgstrs)}
        else:
            pairs = {entry.key: entry.msgstrs[0]}
        stale += [key for key, msgstr in pairs.items() if compiled.get(key) != msgstr]
    assert stale == []


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalogue_compiles(language, tmp_path):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(  # noqa: S603 - a fixed tool on our own file
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(po)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# The pages, as a trainee sees them in each interface language.

FOOTER = {
    "": "甘孜州电商人才培训工程",
    "/bo": "དཀར་མཛེས་ཁུལ་གྱི་གློག་རྡུལ་ཚོང་ལས་ཀྱི་ཤེས་ལྡན་མི་སྣ་གསོ་སྐྱོང་ལས་གཞི",
    "/en": "Ganzi e-commerce talent programme",
}
LOG_IN_BUTTON = {"": "登录", "/bo": "ནང་འཛུལ", "/en": "Log in"}


def main_text(html: str) -> str:
    """What a person reads inside <main>: text, placeholders and button labels, no markup."""
    main = re.search(r"(?s)<main[^>]*>(.*)</main>", html).group(1)
    main = re.sub(r"(?s)<(script|style)[^>]*>.*?</\1>", " ", main)
    shown = re.findall(r'(?:placeholder|aria-label|title)="([^"]*)"', main)
    main = re.sub(r"(?s)<[^>]+>", " ", main)
    return " ".join([main, *shown])


def submit_button(html: str) -> str:
    return re.search(r'(?s)<button type="submit"[^>]*>\s*(.*?)\s*</button>', html).group(1)


@pytest.fixture
def lesson(db):
    course = CoursePageFactory(title="直播带货入门")
    lesson = LessonPageFactory(parent=course, body=[("quiz", quiz_block())])
    for page in (course.get_parent(), course, lesson):
        translation_aliases_create(page=page)
    return lesson


@pytest.mark.parametrize("prefix", FOOTER)
def test_the_footer_speaks_the_language_of_the_url(client, lesson, prefix):
    html = client.get(f"{prefix}{lesson.url}").content.decode()
    assert FOOTER[prefix] in html


@pytest.mark.parametrize(
    ("prefix", "pass_mark"), [("", "及格线"), ("/bo", "ཚད་ལོན"), ("/en", "Pass mark")]
)
def test_the_quiz_speaks_the_language_of_the_url(client, lesson, prefix, pass_mark):
    html = client.get(f"{prefix}{lesson.url}").content.decode()
    assert pass_mark in main_text(html)


@pytest.mark.parametrize("prefix", LOG_IN_BUTTON)
def test_the_log_in_button_speaks_the_language_of_the_url(client, db, prefix):
    html = client.get(f"{prefix}/accounts/login/").content.decode()
    assert LOG_IN_BUTTON[prefix] == re.sub(r"\s+", " ", submit_button(html[html.index("<main") :]))


ACCOUNT_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/login/code/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/1-not-a-key/",
    "/accounts/password/reset/key/done/",
]
# What may stay as it is in a Tibetan page: example numbers, "%" and the like.
NOT_WORDS = re.compile(r"[^A-Za-z\u4e00-\u9fff]+")


@pytest.mark.parametrize("path", ACCOUNT_PAGES)
def test_allauths_account_pages_are_all_tibetan_under_bo(client, db, path):
    text = main_text(client.get(f"/bo{path}").content.decode())
    assert TIBETAN.search(text)
    assert NOT_WORDS.sub(" ", text).split() == []


def test_allauths_logout_page_and_messages_are_tibetan_under_bo(client, db):
    UserFactory(username="dorje", email="dorje@example.com")
    client.post("/bo/accounts/login/", {"login": "dorje", "password": DEFAULT_PASSWORD})
    welcome_back = client.get("/bo/courses/").content.decode()
    # Greeted by the e-mail address: no name given, no phone (trainees.accounts.user_display)
    greeting = "dorje@example.com ནང་འཛུལ་ལེགས་གྲུབ་བྱུང་།"
    assert f'<li class="message success">{greeting}</li>' in welcome_back

    logout = main_text(client.get("/bo/accounts/logout/").content.decode())
    assert "ཕྱིར་ཐོན་རྒྱུ་གཏན་འཁེལ་ལམ།" in logout
    assert NOT_WORDS.sub(" ", logout).split() == []


def test_signup_errors_are_tibetan_under_bo(client, db):
    response = client.post(
        "/bo/accounts/signup/", {"phone": "123", "password1": "123", "password2": "456"}
    )
    text = main_text(response.content.decode())
    assert "གསང་གྲངས་ཐུང་དྲགས་འདུག" in text  # Django's password validator
    assert "རྒྱ་ནག་ནང་སའི་ལག་ཁྱེར་ཁ་པར་ཨང་གྲངས་འབྲི་རོགས།" in text  # our phone check
    assert NOT_WORDS.sub(" ", text).split() == []


def test_our_catalogue_leaves_wagtails_own_words_to_wagtail():
    """Our catalogue comes first: a word Wagtail's admin also translates (such as its "Reports"
    menu) translated otherwise by us would change Wagtail's admin too. Such words of ours
    carry a context."""
    import wagtail.admin

    wagtail_locale = Path(wagtail.admin.__file__).parent / "locale"
    ours = gettext.GNUTranslations(
        (LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.mo").open("rb")
    )._catalog
    theirs = gettext.translation("django", wagtail_locale, languages=["zh_Hans"])._catalog
    differ = {
        word
        for word in ours.keys() & theirs.keys()
        if isinstance(word, str) and word and theirs[word] and ours[word] != theirs[word]
    }
    # Ours on purpose, in the admin too: the same meaning in the words trainees read.
    # ("Code" is allauth's, for the phone's verification code; it has no context to add.
    # "Actions": 操作, as Chinese software says it, where Wagtail has 动作, "movements";
    # "ID": 编号, a record's number, where Wagtail leaves the Latin letters.)
    assert differ <= {"Actions", "All", "Code", "Email", "Filter", "Log out", "Name", "Show"} | {
        "This field is required.",
        "ID",
    }
