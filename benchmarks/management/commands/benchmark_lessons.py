from django.core.management.base import BaseCommand, CommandError

from benchmarks.lesson_page import report_lines, run


def tree_sizes(text: str) -> list[int]:
    """'10,1000' -> [10, 1000]; at least two different positive whole numbers."""
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise CommandError(
            f"--sizes takes whole numbers separated by commas, not {text!r}."
        ) from None
    if len(sizes) < 2 or sizes[0] < 1:
        raise CommandError(
            f"--sizes needs at least two different sizes of 1 or more, not {text!r}."
        )
    return sizes


class Command(BaseCommand):
    help = (
        "Measure the lesson page in a throwaway database: queries with a small and a large "
        "tree, page weight in a phone browser, and requests per second under gunicorn. "
        "Exits with status 1 when the query counts differ."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="10,1000", help="lessons in the tree, e.g. 10,1000")
        parser.add_argument("--seconds", type=float, default=10.0, help="load-test time per target")
        parser.add_argument("--skip-browser", action="store_true", help="no chromium measurement")
        parser.add_argument(
            "--pictures",
            choices=["photos", "drawings"],
            default="photos",
            help="lesson pictures: photographs (realistic weight) or the factory's drawings",
        )
        parser.add_argument("--skip-load", action="store_true", help="no gunicorn load test")

    def handle(self, *args, **options):
        sizes = tree_sizes(options["sizes"])
        if options["seconds"] <= 0:
            raise CommandError("--seconds must be more than 0.")
        report = run(
            sizes=sizes,
            seconds=options["seconds"],
            browser=not options["skip_browser"],
            load=not options["skip_load"],
            photos=options["pictures"] == "photos",
            progress=lambda text: self.stderr.write(text),
        )
        self.stdout.write("\n".join(report_lines(report)))
        if not report.queries_equal:
            raise CommandError("The lesson page's query count grows with the tree.", returncode=1)
