"""The outage drill: the site under gunicorn, its cache and its database behind proxies that
refuse or go silent on cue, and what people would have seen each second."""

import logging
import os
import secrets
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment

from benchmarks import drill
from benchmarks.database import throwaway_database
from benchmarks.loadtest import run
from benchmarks.outage_proxy import OutageProxy
from benchmarks.server import gunicorn_server

DEFAULT_PHASES = ["normal:10", "cache-refused:15", "normal:15", "database-silent:15", "normal:20"]


class Command(BaseCommand):
    help = (
        "Outage drill, on PostgreSQL (DATABASE_URL) and Redis (REDIS_URL): builds a small "
        "synthetic programme in a throwaway database, starts gunicorn (benchmarks.settings: "
        "the production settings) with its database and cache behind two proxies, asks the "
        "home page, a lesson, a trainee's learning page and /health/ at a steady rate, and "
        "runs the phases: each second's status codes, timeouts and p95 latency, then each "
        "outage's recovery time and the health answers seen. Clears the cache of REDIS_URL."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--phases",
            nargs="+",
            default=DEFAULT_PHASES,
            help="normal:S, cache-refused:S, cache-silent:S, database-refused:S or "
            f"database-silent:S, in order (default: {' '.join(DEFAULT_PHASES)})",
        )
        parser.add_argument("--scale", type=float, default=0.01, help="of the programme")
        parser.add_argument("--clients", type=int, default=4, help="client threads")
        parser.add_argument("--rate", type=float, default=5.0, help="requests/s per client")
        parser.add_argument("--timeout", type=float, default=5.0, help="a client gives up after")
        parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
        parser.add_argument("--threads", type=int, default=1, help="per gunicorn worker")

    def handle(self, *args, phases, scale, **options):
        try:
            phases = [drill.parse_phase(text) for text in phases]
        except ValueError as error:
            raise CommandError(str(error)) from error
        if connection.vendor != "postgresql":
            raise CommandError("Set DATABASE_URL to a PostgreSQL database: the drill is of one.")
        if not os.environ.get("REDIS_URL"):
            raise CommandError("Set REDIS_URL: the drill takes the Redis cache away.")
        secret_key = secrets.token_urlsafe(50)
        cache.clear()  # no page or session of an earlier drill's world
        setup_test_environment()
        logging.disable(logging.WARNING)
        try:
            with (
                tempfile.TemporaryDirectory(prefix="eagle-drill-") as folder_name,
                throwaway_database(folder=Path(folder_name)) as database,
            ):
                from benchmarks import synthetic

                self.stdout.write(f"Building the programme at scale {scale}…")
                synthetic.build(scale=scale, seed=1, report=lambda line: None)
                trainee = run.trainee_plans(1, secret_key)[0]
                pages = [
                    drill.Page("home", "/"),
                    drill.Page("lesson", trainee["lessons"][0]["url"], trainee["session"]),
                    drill.Page("learning", "/learn/", trainee["session"]),
                    drill.Page("health", "/health/"),
                ]
                self.drill(database, Path(folder_name), secret_key, pages, phases, options)
        finally:
            logging.disable(logging.NOTSET)
            teardown_test_environment()

    def drill(self, database, folder, secret_key, pages, phases, options) -> None:
        redis = urlsplit(os.environ["REDIS_URL"])
        proxies = {
            "database": OutageProxy((database["HOST"] or "127.0.0.1", int(database["PORT"]))),
            "cache": OutageProxy((redis.hostname, redis.port or 6379)),
        }
        user = redis.netloc.rpartition("@")[0]
        address = f"127.0.0.1:{proxies['cache'].port}"
        proxied_redis = urlunsplit(redis._replace(netloc=f"{user}@{address}" if user else address))
        try:
            with gunicorn_server(
                database={**database, "HOST": "127.0.0.1", "PORT": proxies["database"].port},
                folder=folder,
                workers=options["workers"],
                threads=options["threads"],
                secret_key=secret_key,
                extra_environment={"REDIS_URL": proxied_redis},
            ) as server:
                self.stdout.write(f"Server: {server.description}")
                # Each page a few times, so that every worker has warmed up before the drill.
                for page in pages * options["workers"]:
                    outcome, _ = drill.ask(server.host, server.port, page, options["timeout"])
                    if outcome != "200":
                        raise CommandError(f"{page.name} ({page.path}) answers {outcome} at rest.")
                load = drill.Load(
                    server.host,
                    server.port,
                    pages,
                    clients=options["clients"],
                    rate=options["rate"],
                    timeout=options["timeout"],
                )
                self.stdout.write(
                    f"{load.clients} clients x {load.rate:g} requests/s, giving up after "
                    f"{load.timeout:g} s; phases: "
                    + ", ".join(f"{phase.name} {phase.seconds} s" for phase in phases)
                )
                started = load.start()
                end = 0
                for phase in phases:
                    for service, proxy in proxies.items():
                        proxy.set_mode(phase.mode_of(service))
                    end += phase.seconds
                    time.sleep(max(0, started + end - time.monotonic()))
                load.stop()
        finally:
            for proxy in proxies.values():
                proxy.stop()
        self.report(load.answers, phases)

    def report(self, answers, phases) -> None:
        for line in drill.table(answers, phases):
            self.stdout.write(line)
        for outage in drill.outages(answers, phases):
            self.stdout.write(
                f"{outage.name} ({outage.start}-{outage.end} s): recovery {outage.recovery}"
            )
            for health, count in outage.health.most_common():
                self.stdout.write(f"  /health/ {count:>3} x {health}")
