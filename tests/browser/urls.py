"""The site's URLs plus uploaded files, which the live server does not serve by itself."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from training_site.urls import urlpatterns as site_urlpatterns


def media(request, path):
    # Read at request time: every test stores its uploads in its own folder.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", media), *site_urlpatterns]
