from PIL import Image as PILImage

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.images.forms import BaseImageForm


class CheckedImageForm(BaseImageForm):
    """Wagtail's image form, plus a full read of the file by Pillow.

    Wagtail already refuses unknown formats, files over
    WAGTAILIMAGES_MAX_UPLOAD_SIZE and images over WAGTAILIMAGES_MAX_IMAGE_PIXELS
    (decompression bombs) from the header; this also refuses a file whose
    header looks right but whose data is broken, before anything is stored.
    """

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            try:
                uploaded.seek(0)
                with PILImage.open(uploaded) as image:
                    image.verify()
            except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as error:
                raise ValidationError(
                    _(
                        "This file is not a readable image (%(reason)s). Upload a JPEG, PNG or WebP photo."
                    ),
                    code="unreadable_image",
                    params={"reason": error.__class__.__name__},
                ) from error
            finally:
                uploaded.seek(0)
        return uploaded
