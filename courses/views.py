from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import translation

from wagtail.models import Locale, Page

from courses.models import CoursePage, LessonPage
from courses.search import query_text

SEARCH_PAGE_SIZE = 10
SEARCH_QUERY_MAX_LENGTH = 100


def search(request):
    """Courses and lessons of the current language that match `q`."""
    query = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    results = Page.objects.none()
    if query:
        locale = Locale.get_active()
        results = (
            Page.objects.live()
            .public()
            .type(CoursePage, LessonPage)
            .filter(locale=locale)
            .specific()
            .search(query_text(query), operator="and")
        )
    page = Paginator(results, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/search.html",
        {"query": query, "results": page, "language": translation.get_language()},
    )
