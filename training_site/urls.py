from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from courses import video_views
from courses import views as course_views
from outcomes import api as outcomes_api
from trainees import certificate_views, offline_views, site_history
from trainees import views as trainee_views
from training_site import views as site_views

# A database that went away answers 503 in the request's language (training_site/views.py).
handler500 = site_views.server_error

urlpatterns = [
    path("health/", site_views.health, name="health"),
    # The site's service worker: at the root, so that its scope is every page (docs/learning.md,
    # "Offline").
    path("sw.js", offline_views.service_worker, name="service_worker"),
    # Wagtail's own paths for its site history report, served first by a county-safe view.
    path("admin/reports/site-history/", site_history.site_history),
    path("admin/reports/site-history/results/", site_history.site_history_results),
    path("admin/login/", trainee_views.RateLimitedAdminLoginView.as_view(), name="admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The smaller copies of uploaded videos, with their document's privacy (courses/videos.py).
    path(
        "videos/<int:document_id>/<str:filename>",
        video_views.video_rendition,
        name="video_rendition",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    # Read by other systems with a token; the same in every language, so outside i18n_patterns.
    path("api/outcomes/", outcomes_api.outcomes, name="outcomes_api"),
    path(
        "api/outcomes/published/",
        outcomes_api.published_list,
        name="outcomes_api_published",
    ),
    path(
        "api/outcomes/published/<int:pk>/",
        outcomes_api.published_one,
        name="outcomes_api_published_one",
    ),
    # Kept by the certificate check for checking without a connection; the same in every
    # language (trainees/certificate_signing.py).
    path("certificates/keys.json", certificate_views.certificate_keys, name="certificate_keys"),
    path(
        "certificates/revocations.json",
        certificate_views.certificate_revocations,
        name="certificate_revocations",
    ),
]

if settings.DEBUG:
    from django.urls import re_path

    # Media as the web server serves it in production (docs/deploy.md): all but documents.
    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", site_views.development_media)
    ]

# Everything a trainee reads is served in the language of the URL prefix:
# none for Chinese, /bo/ for Tibetan, /en/ for English.
urlpatterns += i18n_patterns(
    path("search/", course_views.search, name="search"),
    path("accounts/", include("trainees.urls")),
    path("accounts/", include("allauth.urls")),
    path("attendance/", include("trainees.attendance_urls")),
    path("certificates/", include("trainees.certificate_urls")),
    path("", include("trainees.learning_urls")),
    path("", include("incubator.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
