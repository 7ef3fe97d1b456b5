"""The site's URLs and its error pages, plus media files (a web server or S3 serves them in
production) and the bare view the load test compares the lesson page with."""

from django.conf import settings
from django.urls import path, re_path
from django.views.static import serve

from benchmarks.views import same_bytes
from training_site import urls as site_urls

# The site's own answer to a fault (a database away: the 503 page), or the drill would
# measure Django's plain 500 instead of what people get.
handler500 = site_urls.handler500

urlpatterns = [
    path("benchmark/same-bytes/", same_bytes),
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *site_urls.urlpatterns,
]
