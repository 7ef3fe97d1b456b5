"""The words of Wagtail's scripts (its sidebar, explorer, autosave, StreamField editor) come
from the admin's JavaScript catalogue, in the reader's admin language: each of Wagtail's has
its Chinese and its Tibetan (training_site/locale/*/LC_MESSAGES/djangojs.po, kept by hand)."""

import json
import re
from pathlib import Path

import pytest

from django.urls import reverse

import wagtail.admin
from wagtail.users.models import UserProfile

from tests.admin_language import not_in_language
from tests.training_site.test_translations import po_entries
from trainees import roles
from trainees.factories import UserFactory

pytestmark = pytest.mark.django_db

WAGTAIL_LOCALE = Path(wagtail.admin.__file__).parent / "locale"


def wagtails_script_words() -> list:
    """(msgid, plural) of every word Wagtail's scripts translate."""
    return [
        (entry.msgid, entry.plural) for entry in po_entries("en", WAGTAIL_LOCALE, "djangojs")[1:]
    ]


def catalogue(client, language: str) -> dict:
    user = UserFactory(groups=[roles.COUNTY_COORDINATORS])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    script = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    return json.loads(re.search(r"(?s)const newcatalog = (\{.*?\});", script).group(1))


@pytest.mark.parametrize("language", ["zh-hans", "bo"])
def test_every_word_of_wagtails_scripts_is_in_the_readers_language(client, language):
    words = catalogue(client, language)
    assert len(wagtails_script_words()) > 80
    untranslated = []
    for msgid, plural in wagtails_script_words():
        translated = words.get(msgid)
        if plural and isinstance(translated, list):
            translated = translated[0]
        if not translated or not_in_language(translated, language, []):
            untranslated.append((msgid, translated))
    assert untranslated == []
