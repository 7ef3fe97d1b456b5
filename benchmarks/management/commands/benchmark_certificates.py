import datetime
import tempfile
import time

from django.core.management.base import BaseCommand, CommandError

from trainees.certificate_batches import certificates_zip
from trainees.certificate_pdf import CertificateContent, render_certificate_pdf, verification_path

# Alternating scripts, so the measure covers Tibetan shaping as well as Chinese.
NAMES = ("卓玛拉姆", "བཀྲ་ཤིས་སྒྲོལ་མ།", "泽仁多吉", "ཚེ་རིང་རྡོ་རྗེ།")


def certificate_contents(count: int):
    for n in range(count):
        yield CertificateContent(
            trainee_name=NAMES[n % len(NAMES)],
            course_title="网店开设入门",
            number=f"EAGLE-2026-{n:06d}",
            issued_on=datetime.date(2026, 11, 29),
            verification_url="https://eagle.example.cn" + verification_path(f"code{n:018d}"),
        )


class Command(BaseCommand):
    help = (
        "Render N certificate PDFs (no database): one at a time, as a download does, then "
        "all into one ZIP file, as a certificate batch does. Print the total seconds, the "
        "milliseconds per certificate and the sizes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100, help="certificates to render")

    def handle(self, *args, **options):
        count = options["count"]
        if count < 1:
            raise CommandError("--count must be 1 or more.")
        render_certificate_pdf(next(certificate_contents(1)))  # fonts and styles loaded once
        total_bytes = 0
        started = time.perf_counter()
        for content in certificate_contents(count):
            total_bytes += len(render_certificate_pdf(content))
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{count} certificates in {seconds:.2f} s: {seconds * 1000 / count:.1f} ms each, "
            f"{total_bytes / count / 1024:.0f} KiB each on average"
        )
        contents = list(certificate_contents(count))
        with tempfile.TemporaryFile() as archive:
            started = time.perf_counter()
            certificates_zip(contents, target=archive)
            seconds = time.perf_counter() - started
            zip_bytes = archive.tell()
        self.stdout.write(
            f"{count} certificates in one ZIP in {seconds:.2f} s: "
            f"{seconds * 1000 / count:.1f} ms each, ZIP {zip_bytes / 1024 / 1024:.1f} MiB"
        )
