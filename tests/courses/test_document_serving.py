"""Documents are served through Wagtail's view only (its collection privacy, `nosniff`, a
CSP that lets nothing run): never from their raw address under the media, never by a
redirect to the storage's own URL."""

import os
from pathlib import Path

import pytest

from django.conf import settings as django_settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.test import Client

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

from courses.factories import picture_file
from trainees.factories import UserFactory

pytestmark = pytest.mark.django_db

HANDBOOK = b"%PDF-1.4 the handbook"


def handbook(collection=None) -> Document:
    return Document.objects.create(
        title="电商手册",
        file=ContentFile(HANDBOOK, name="handbook.pdf"),
        collection=collection or Collection.get_first_root_node(),
    )


def download(client, document) -> bytes:
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    return b"".join(response.streaming_content)


def test_a_documents_link_is_wagtails_view_not_the_media():
    document = handbook()

    assert django_settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert document.url == f"/documents/{document.pk}/handbook.pdf"


def test_anyone_downloads_a_public_document_through_wagtails_view():
    document = handbook()

    assert download(Client(), document) == HANDBOOK


def test_a_document_for_signed_in_people_asks_a_visitor_to_log_in():
    private = Collection.get_first_root_node().add_child(name="学员资料")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = handbook(private)
    trainee = Client()
    trainee.force_login(UserFactory())

    visitor = Client().get(document.url)

    assert visitor.status_code == 302
    assert "/login/" in visitor["Location"]
    assert download(trainee, document) == HANDBOOK


class BucketLikeStorage(FileSystemStorage):
    """A storage as S3 is to Wagtail: a URL of its own for each file, no local path."""

    def path(self, name):
        raise NotImplementedError("This backend doesn't support absolute paths.")

    def _open(self, name, mode="rb"):
        return File(open(os.path.join(self.location, name), mode))  # noqa: SIM115

    def size(self, name):
        return os.path.getsize(os.path.join(self.location, name))

    def url(self, name):
        return f"https://bucket.example.org/{name}"


def test_a_document_in_a_bucket_is_streamed_not_sent_to_the_buckets_url(settings):
    document = handbook()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.BucketLikeStorage"},
    }
    document = Document.objects.get(pk=document.pk)
    assert document.file.url.startswith("https://bucket.example.org/")

    assert download(Client(), document) == HANDBOOK


@pytest.mark.parametrize(
    "address",
    [
        "/media/documents/{name}",
        "/media//documents/{name}",
        "/media/images/../documents/{name}",
        "/media/Documents/{name}",
    ],
)
def test_in_development_the_raw_document_is_not_served_but_other_media_are(
    development_urls, address
):
    document = handbook()
    image = Image.objects.create(title="牦牛", file=ContentFile(picture_file().read(), "yak.jpg"))
    assert (Path(django_settings.MEDIA_ROOT) / document.file.name).is_file()
    client = Client()

    raw = client.get(address.format(name=Path(document.file.name).name))

    assert raw.status_code == 404
    assert client.get(django_settings.MEDIA_URL + image.file.name).status_code == 200
