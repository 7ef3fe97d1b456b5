"""The site's URLs, plus media files (a web server or S3 serves them in production)
and the bare view the load test compares the lesson page with."""

from django.conf import settings
from django.urls import path, re_path
from django.views.static import serve

from benchmarks.views import same_bytes
from training_site.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("benchmark/same-bytes/", same_bytes),
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *site_urlpatterns,
]
