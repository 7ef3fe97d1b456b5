"""Wagtail's (and Django's) words of the media screens an instructor opens, which their
catalogues lack.

Why this module exists: Wagtail 8's Chinese catalogue lacks the newer strings of its images
and documents screens (the listing's sort orders and layouts, the focal point, the duplicate
upload's warning), and Wagtail has no Tibetan at all; Django, for a language it lacks a word
in, falls back to the catalogue of LANGUAGE_CODE, so such a word showed in English on a
Chinese screen and in Chinese on a Tibetan one. makemessages collects msgids only from our
own code: listing them here puts them into training_site/locale, which LOCALE_PATHS searches
before Wagtail's own catalogues, where we give their Tibetan, and their Chinese where Wagtail
has none (an empty Chinese msgstr leaves Wagtail's own; tests/training_site/
test_translations.py checks that it has one).

The screens are the images' (listing, add, add several, edit, delete, usage), the image
chooser (and its choice of format), the documents' (listing, add, add several, edit,
delete), the document chooser, the embed chooser and the forms' listing, their forms sent
back with a mistake, and what they say once an image or a document is saved; the coordinators'
and managers' screens are in machinery/admin/wagtail_strings.py, the page editor's in
courses/wagtail_strings.py. tests/training_site/test_admin_language.py reads every admin
screen in Chinese and in Tibetan and fails on a word of another language; each msgid must
stay exactly as Wagtail spells it (test_translations.py looks it up in Wagtail's and
Django's own catalogues). After upgrading Wagtail, run them and add what is new.

The image chooser's "Format", "Image is decorative" and "Alt text", and the choosers' "Search"
tab, are written by Wagtail once, at start-up, in the default language: courses/admin_language.py
has them read in the reader's. Nothing imports this module. Wagtail's scripts take their
words from the djangojs catalogue, hand-kept (docs/translations.md).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

WAGTAIL_MEDIA_STRINGS = (
    # Both listings (wagtail/admin/templates/wagtailadmin/bulk_actions, generic listings)
    gettext_noop("Select row"),
    gettext_noop("Select all"),
    gettext_noop("Select"),
    gettext_noop("Bulk actions"),
    gettext_noop("Tag"),
    gettext_noop("Add to collection"),
    gettext_noop("Collection"),
    gettext_noop("Usage count"),
    # Searched (the listings and the choosers)
    gettext_noop("Other searches"),
    ngettext_lazy("There is %(counter)s match", "There are %(counter)s matches", "count"),
    gettext_noop('Sorry, there are no matches for "<em>%(search_query)s</em>"'),
    gettext_noop('Sorry, no documents match "<em>%(query_string)s</em>"'),
    gettext_noop('Sorry, no documents match "<em>%(search_query)s</em>"'),
    gettext_noop('Sorry, no images match "<em>%(query_string)s</em>"'),
    # The models' names and fields (wagtail/images/models.py, wagtail/documents/models.py)
    gettext_noop("image"),
    gettext_noop("images"),
    gettext_noop("document"),
    gettext_noop("documents"),
    gettext_noop("title"),
    gettext_noop("tags"),
    gettext_noop("description"),
    gettext_noop("File"),
    gettext_noop("Filesize"),
    # Adding, uploading, editing (wagtail/admin/templates/wagtailadmin/widgets/tag_widget.html)
    gettext_noop(
        'Multi-word tags with spaces will automatically be enclosed in double quotes (").'
    ),
    gettext_noop("Upload"),
    gettext_noop("Uploading…"),
    gettext_noop("Or choose from your computer"),
    gettext_noop("Sorry, upload failed."),
    gettext_noop("Server Error"),
    gettext_noop("Report this error to your website administrator with the following information:"),
    # wagtail/documents: listing, forms, multiple uploader, chooser
    gettext_noop("Add a document"),
    gettext_noop("Select all documents in listing"),
    gettext_noop("Add tags to the selected documents"),
    gettext_noop("Add selected documents to collection"),
    gettext_noop("Delete selected documents"),
    gettext_noop("Maximum filesize: %(max_upload_size)s."),
    gettext_noop("This file is too big. Maximum filesize %(max_filesize)s."),
    gettext_noop("Change document:"),
    gettext_noop("Delete document"),
    ngettext_lazy(
        "Are you sure you want to delete this document?",
        "Are you sure you want to delete these documents?",
        "count",
    ),
    gettext_noop("Add multiple documents"),
    gettext_noop("Add documents"),
    gettext_noop("Drag and drop documents into this area to upload immediately."),
    gettext_noop(
        "Upload successful. Please update this document with a more appropriate title, if "
        "necessary. You may also delete the document completely if the upload wasn't required."
    ),
    gettext_noop("Document updated."),
    gettext_noop("Document '%(document_title)s' added."),
    gettext_noop("Document '%(document_title)s' updated"),
    gettext_noop("Document '%(document_title)s' deleted."),
    gettext_noop(
        "You haven't uploaded any documents. Why not <a "
        'href="%(wagtaildocs_add_document_url)s">upload one now</a>?'
    ),
    gettext_noop("The document could not be created due to errors."),
    gettext_noop("The document could not be saved due to errors."),
    # Django's refusal of a file's extension (django/core/validators.py)
    gettext_noop(
        "File extension “%(extension)s” is not allowed. "
        "Allowed extensions are: %(allowed_extensions)s."
    ),
    gettext_noop("Choose a document"),
    gettext_noop("Latest documents"),
    gettext_noop("You haven't uploaded any documents."),
    # wagtail/images: listing (its sort orders and layouts), forms, multiple uploader
    gettext_noop("Add an image"),
    gettext_noop("Sort by"),
    gettext_noop("Newest"),
    gettext_noop("Oldest"),
    gettext_noop("Title: (A -> Z)"),
    gettext_noop("Title: (Z -> A)"),
    gettext_noop("File size: (low to high)"),
    gettext_noop("File size: (high to low)"),
    gettext_noop("Usage count: (low to high)"),
    gettext_noop("Usage count: (high to low)"),
    gettext_noop("Layout"),
    gettext_noop("Grid layout"),
    gettext_noop("List layout"),
    gettext_noop("Select all images in listing"),
    gettext_noop("Add tags to the selected images"),
    gettext_noop("Add selected images to collection"),
    gettext_noop("Delete selected images"),
    gettext_noop(
        "Supported formats: %(supported_formats)s. Maximum filesize: %(max_upload_size)s."
    ),
    gettext_noop("Not a supported image format. Supported formats: %(supported_formats)s."),
    gettext_noop("Change image file:"),
    gettext_noop("Image focal point"),
    gettext_noop("Focal point"),
    gettext_noop("(optional)"),
    gettext_noop("To define this image's most important region, drag a box over the image above."),
    gettext_noop("Remove focal area"),
    gettext_noop("Max dimensions"),
    gettext_noop("Delete image"),
    ngettext_lazy(
        "Are you sure you want to delete this image?",
        "Are you sure you want to delete these images?",
        "count",
    ),
    gettext_noop("Add multiple images"),
    gettext_noop("Add images"),
    gettext_noop("Drag and drop images into this area to upload immediately."),
    gettext_noop(
        "Please provide an image description to comply with best practices for accessibility."
    ),
    gettext_noop(
        "Upload successful. Please update this image with a more appropriate title, if "
        "necessary. You may also delete the image completely if the upload wasn't required."
    ),
    gettext_noop(
        "Upload successful. However, your new image seems to be a duplicate of this existing "
        "image. You may delete it if it wasn't required."
    ),
    gettext_noop("Image updated."),
    gettext_noop("Image '%(image_title)s' added."),
    gettext_noop("Image '%(image_title)s' updated."),
    gettext_noop("Image '%(image_title)s' deleted."),
    gettext_noop(
        "You haven't uploaded any images. Why not <a "
        'href="%(wagtailimages_add_image_url)s">upload one now</a>?'
    ),
    gettext_noop("The image could not be created due to errors."),
    gettext_noop("The image could not be saved due to errors."),
    # The image chooser, its choice of format (wagtail/images/formats.py: named per language)
    gettext_noop("Choose an image"),
    gettext_noop("Latest images"),
    gettext_noop("Search"),  # the choosers' tab
    gettext_noop("You haven't uploaded any images."),
    gettext_noop("Choose a format"),
    gettext_noop("Format"),
    gettext_noop("Full width"),
    gettext_noop("Left-aligned"),
    gettext_noop("Right-aligned"),
    gettext_noop("Image is decorative"),
    gettext_noop("Alt text"),
    gettext_noop("Please add some alt text for your image or mark it as decorative"),
    gettext_noop("Insert image"),
    # The embed chooser (wagtail/embeds)
    gettext_noop("Insert embed"),
    gettext_noop("Insert"),
    gettext_noop("Cannot find an embed for this URL."),
    # The forms' listing (wagtail/contrib/forms) and its bulk actions on pages
    gettext_noop("Forms"),
    gettext_noop("Move"),
    gettext_noop("Unpublish"),
    gettext_noop("Move selected pages"),
    gettext_noop("Delete selected pages"),
    gettext_noop("Publish selected pages"),
    gettext_noop("Unpublish selected pages"),
    # The listings' filter drawer: a usage count between a minimum and a maximum
    gettext_noop("Minimum"),
    gettext_noop("Maximum"),
)
