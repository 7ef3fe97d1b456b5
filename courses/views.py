from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import translation

from wagtail.models import Locale, Page

from courses.models import CourseIndexPage, CoursePage, LessonPage
from courses.search import query_text
from courses.translations import reader_language

SEARCH_PAGE_SIZE = 10
SEARCH_QUERY_MAX_LENGTH = 100


class ResultsInTurn:
    """Several search results read one after the other as one sequence (for the paginator):
    the reader's language first, then the others. Each is counted, and only the slice of a
    page is read."""

    def __init__(self, *parts):
        self.parts = parts
        self.counts = [part.count() for part in parts]

    def __len__(self):
        return sum(self.counts)

    def count(self):
        return len(self)

    def __getitem__(self, index: slice):
        start, stop = index.start or 0, index.stop if index.stop is not None else len(self)
        found = []
        for part, count in zip(self.parts, self.counts, strict=True):
            if start < count and stop > 0:
                found.extend(part[max(start, 0) : min(stop, count)])
            start, stop = start - count, stop - count
        return found


def search(request):
    """Courses and lessons of every language that match `q`, those of the reader's language
    first. Each is found once, in the language it is written in (aliases repeat their
    source, so they are left out) and linked at its own address."""
    query = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    locales = list(Locale.objects.all())
    language = reader_language()
    results = []
    if query:
        written = Page.objects.filter(alias_of__isnull=True).values("id")
        pages = (
            Page.objects.live()
            .public()
            .type(CoursePage, LessonPage)
            .filter(id__in=written)
            .select_related("locale")
        )
        words = query_text(query)
        ours = [locale for locale in locales if locale.language_code == language]
        others = [locale for locale in locales if locale.language_code != language]
        results = ResultsInTurn(
            *(
                pages.filter(locale__in=group).specific().search(words, operator="and")
                for group in (ours, others)
            )
        )
    page = Paginator(results, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/search.html",
        {
            "query": query,
            "results": page,
            "language": translation.get_language(),
            "languages_searched": [locale.get_display_name() for locale in locales],
            "catalogue": CourseIndexPage.objects.live()
            .filter(locale__language_code=language)
            .first(),
        },
    )
