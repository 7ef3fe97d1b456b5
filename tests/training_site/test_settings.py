"""Deploy settings: what a person relies on when the site goes on the internet.

Each test loads the settings in a fresh Python process, with only the
environment it gives, the way a server starts from `.env.example` filled in.
"""

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from django.conf import settings
from django.core.cache import cache

REPO = Path(__file__).resolve().parents[2]
SECRET = "a-different-secret-from-the-environment-" + "x" * 40
ORIGINS = "https://eagle.example.org,https://www.eagle.example.org"


def example_environment() -> dict[str, str]:
    """The variables of `.env.example`, as `set -a; . ./.env.example` would export them."""
    variables = {}
    for line in (REPO / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            variables[name.strip()] = " ".join(shlex.split(value))  # the shell's quoting
    return variables


def run(arguments: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, *arguments],
        cwd=REPO,
        env={"PATH": os.environ["PATH"], **environment},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_values(module: str, environment: dict[str, str], names: list[str]) -> dict:
    """The named settings of `module`, read as plain module attributes."""
    code = (
        "import importlib, json, sys\n"
        f"settings = importlib.import_module({module!r})\n"
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}))\n"
    )
    result = run(["-c", code], environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def production_environment(**changes: str) -> dict[str, str]:
    return {**example_environment(), **changes}


def test_example_environment_names_the_production_settings():
    assert example_environment()["DJANGO_SETTINGS_MODULE"] == "training_site.settings.production"


def test_example_environment_is_read_by_the_shell_as_it_is_by_this_suite():
    """A value the shell cannot read (JSON left unquoted, say) stops a server's start-up."""
    shell = subprocess.run(  # noqa: S603 - bash reading our own file
        ["/bin/bash", "-c", "set -a; . ./.env.example; env -0"],  # noqa: S607
        cwd=REPO,
        env={"PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        check=True,
    )
    assert shell.stderr == ""
    exported = dict(item.split("=", 1) for item in shell.stdout.split("\0") if "=" in item)
    for name, value in example_environment().items():
        assert exported[name] == value, name


def test_production_settings_are_secure_and_read_from_the_environment():
    values = settings_values(
        "training_site.settings.production",
        production_environment(DJANGO_SECRET_KEY=SECRET, DJANGO_CSRF_TRUSTED_ORIGINS=ORIGINS),
        [
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "CSRF_TRUSTED_ORIGINS",
            "SECURE_SSL_REDIRECT",
            "SECURE_PROXY_SSL_HEADER",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SECURE_HSTS_PRELOAD",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "X_FRAME_OPTIONS",
            "SECURE_REFERRER_POLICY",
            "ALLAUTH_TRUSTED_PROXY_COUNT",
        ],
    )

    assert values == {
        "DEBUG": False,
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": ["eagle.example.org"],
        "CSRF_TRUSTED_ORIGINS": ["https://eagle.example.org", "https://www.eagle.example.org"],
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_HSTS_SECONDS": 365 * 24 * 60 * 60,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_REFERRER_POLICY": "same-origin",
        "ALLAUTH_TRUSTED_PROXY_COUNT": 1,
    }


def test_each_shared_service_of_several_machines_comes_from_the_environment():
    names = ["DATABASES", "OUTCOMES_READ_DATABASE", "CACHES", "TASKS"]
    environment = production_environment(
        DATABASE_REPLICA_URL="postgres://reader:secret@replica.example.org:5432/eagle",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
    )

    several = settings_values("training_site.settings.production", environment, names)
    one = settings_values("training_site.settings.production", production_environment(), names)

    assert several["DATABASES"]["default"]["HOST"] == "db.example.org"
    replica = several["DATABASES"]["replica"]
    assert (replica["HOST"], replica["USER"], replica["NAME"]) == (
        "replica.example.org",
        "reader",
        "eagle",
    )
    assert several["OUTCOMES_READ_DATABASE"] == "replica"
    assert several["CACHES"]["default"]["LOCATION"] == "redis://cache.example.org:6379/0"
    assert several["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    # Left empty, as in .env.example: no replica; tasks still wait for db_worker, never
    # running inside a web request in production.
    assert set(one["DATABASES"]) == {"default"}
    assert one["OUTCOMES_READ_DATABASE"] == "default"
    assert one["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    in_the_request = settings_values(
        "training_site.settings.production",
        production_environment(TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend"),
        ["TASKS"],
    )
    assert in_the_request["TASKS"]["default"]["BACKEND"].endswith("ImmediateBackend")


def test_the_suite_runs_on_local_memory_or_on_the_redis_it_is_given():
    names = ["CACHES"]

    local = settings_values("training_site.settings.test", {}, names)
    shared = settings_values(
        "training_site.settings.test", {"REDIS_URL": "redis://127.0.0.1:6379/9"}, names
    )

    assert local["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert shared["CACHES"]["default"] == {
        "BACKEND": "training_site.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/9",
    }


def test_sessions_are_read_from_the_cache_only_when_every_server_shares_it():
    names = ["SESSION_ENGINE"]
    environment = production_environment(DJANGO_SECRET_KEY=SECRET, REDIS_URL="")

    alone = settings_values("training_site.settings.production", environment, names)
    shared = settings_values(
        "training_site.settings.production",
        {**environment, "REDIS_URL": "redis://127.0.0.1:6379/9"},
        names,
    )

    assert alone["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    assert shared["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="the suite runs on local memory")
def test_with_redis_url_the_cache_is_that_redis():
    """What one server writes in the cache another reads, as behind a load balancer."""
    cache.set("shared-by-every-server", "yes", 60)

    other_server = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    assert any(key.endswith(b"shared-by-every-server") for key in other_server.keys("*"))


@pytest.mark.parametrize("secret", [None, ""], ids=["missing", "empty"])
def test_production_refuses_to_start_without_a_secret_key(secret):
    environment = production_environment()
    del environment["DJANGO_SECRET_KEY"]
    if secret is not None:
        environment["DJANGO_SECRET_KEY"] = secret

    result = run(["manage.py", "check"], environment)

    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set." in result.stderr


def a_signing_key() -> str:
    """A fresh CERTIFICATE_SIGNING_KEYS value, made by the command a deploy uses."""
    result = run(["manage.py", "certificate_signing_key"], production_environment())
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stdout.splitlines() if line.startswith("CERTIFICATE_")]
    return line.partition("=")[2]


def test_deploy_check_passes_with_the_example_environment_and_an_sms_backend():
    # As .ci/run does: .env.example names no SMS gateway and no certificate signing key, so
    # the check is given the in-memory test backend and a key made for it.
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_environment(
            SMS_BACKEND="trainees.sms.MemorySmsBackend", CERTIFICATE_SIGNING_KEYS=a_signing_key()
        ),
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("backend", ["", "trainees.sms.LogSmsBackend"], ids=["empty", "log"])
def test_deploy_check_refuses_the_example_environment_as_is_and_the_log_backend(backend):
    assert example_environment()["SMS_BACKEND"] == ""

    result = run(["manage.py", "check", "--deploy"], production_environment(SMS_BACKEND=backend))

    assert result.returncode != 0
    assert "trainees.E001" in result.stderr


@pytest.mark.parametrize(
    ("keys", "says"),
    [("", "CERTIFICATE_SIGNING_KEYS is empty"), ("k1:too-short", "is not 32 bytes")],
    ids=["none", "unreadable"],
)
def test_production_refuses_to_start_without_a_certificate_signing_key(keys, says):
    assert example_environment()["CERTIFICATE_SIGNING_KEYS"] == ""

    result = run(["manage.py", "check"], production_environment(CERTIFICATE_SIGNING_KEYS=keys))

    assert result.returncode != 0
    assert "trainees.E004" in result.stderr
    assert says in result.stderr
    assert "too-short" not in result.stderr


def test_production_signs_with_the_key_of_the_environment_never_one_of_its_own():
    key = a_signing_key()
    code = (
        "import django, json\n"
        "django.setup()\n"
        "from trainees.certificate_signing import public_keys_document\n"
        "print(json.dumps(public_keys_document()))\n"
    )

    result = run(["-c", code], production_environment(CERTIFICATE_SIGNING_KEYS=key))

    assert result.returncode == 0, result.stderr
    [published] = json.loads(result.stdout.strip().splitlines()[-1])["keys"]
    assert published["id"] == key.partition(":")[0]
    assert published["signs"] is True
    assert "ephemeral" not in result.stderr


def test_base_settings_have_debug_off_and_no_secret_of_their_own():
    names = ["DEBUG", "SECRET_KEY"]

    without_secret = settings_values("training_site.settings.base", {}, names)
    with_secret = settings_values(
        "training_site.settings.base", {"DJANGO_SECRET_KEY": SECRET}, names
    )

    assert without_secret == {"DEBUG": False, "SECRET_KEY": ""}
    assert with_secret == {"DEBUG": False, "SECRET_KEY": SECRET}


def test_production_redirects_to_https_except_the_health_check(tmp_path):
    """Served through the proxy's X-Forwarded-Proto, as on the real server."""
    code = (
        "import json, django\n"
        "django.setup()\n"
        "from django.test import Client\n"
        "client = Client(HTTP_HOST='eagle.example.org')\n"
        "plain_page = client.get('/courses/')\n"
        "plain_health = client.get('/health/')\n"
        "secure_health = client.get('/health/', headers={'X-Forwarded-Proto': 'https'})\n"
        "print(json.dumps({\n"
        "    'page': [plain_page.status_code, plain_page.get('Location')],\n"
        "    'health': plain_health.status_code,\n"
        "    'secure': {name: secure_health.get(name) for name in (\n"
        "        'Strict-Transport-Security', 'X-Frame-Options', 'Referrer-Policy',\n"
        "        'X-Content-Type-Options')},\n"
        "}))\n"
    )
    environment = production_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'eagle.sqlite3'}", REDIS_URL=""
    )

    result = run(["-c", code], environment)

    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers["page"] == [301, "https://eagle.example.org/courses/"]
    assert answers["health"] == 200  # a load balancer may ask over plain HTTP
    assert answers["secure"] == {
        "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "X-Content-Type-Options": "nosniff",
    }


SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": (
        "accelerometer=(), browsing-topics=(), camera=(), geolocation=(), gyroscope=(), "
        "magnetometer=(), microphone=(), payment=(), usb=()"
    ),
}
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob: https:",
    "media-src": "'self' blob: https:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "frame-src": "'self' https:",
    "frame-ancestors": "'self'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def directives(policy: str) -> dict[str, str]:
    """A Content-Security-Policy header as {directive: its sources}, in any order."""
    pairs = (directive.strip().partition(" ") for directive in policy.split(";"))
    return {name: sources for name, _, sources in pairs}


def test_a_production_page_carries_every_security_header_and_a_secure_csrf_cookie(tmp_path):
    """The log-in page over HTTPS: each header's value, and its CSRF cookie for HTTPS only."""
    code = (
        "import json, django\n"
        "django.setup()\n"
        "from django.conf import settings\n"
        "from django.test import Client, override_settings\n"
        "# No collectstatic here: static files named as they are, not from the manifest.\n"
        "plain = {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}\n"
        "override_settings(STORAGES={**settings.STORAGES, 'staticfiles': plain}).enable()\n"
        "client = Client(HTTP_HOST='eagle.example.org')\n"
        "page = client.get('/accounts/login/', headers={'X-Forwarded-Proto': 'https'})\n"
        "cookie = page.cookies['csrftoken']\n"
        "print(json.dumps({\n"
        "    'status': page.status_code,\n"
        f"    'headers': {{name: page.get(name) for name in {list(SECURITY_HEADERS)!r}}},\n"
        "    'policy': page.get('Content-Security-Policy'),\n"
        "    'cookie': {'secure': cookie['secure'], 'samesite': cookie['samesite']},\n"
        "}))\n"
    )
    environment = production_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'eagle.sqlite3'}", REDIS_URL=""
    )

    result = run(["-c", code], environment)

    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers["status"] == 200
    assert answers["headers"] == SECURITY_HEADERS
    assert directives(answers["policy"]) == CONTENT_SECURITY_POLICY
    assert answers["cookie"] == {"secure": True, "samesite": "Lax"}


@pytest.mark.django_db
def test_only_wagtails_admin_may_run_inline_scripts(client):
    """The policy is the same in every environment; the admin adds inline scripts to it."""
    site_policy = client.get("/accounts/login/")["Content-Security-Policy"]
    admin_policy = client.get("/admin/login/")["Content-Security-Policy"]

    assert directives(site_policy) == CONTENT_SECURITY_POLICY
    assert directives(admin_policy) == {
        **CONTENT_SECURITY_POLICY,
        "script-src": "'self' 'unsafe-inline'",
    }


def test_pages_have_a_short_statement_timeout_and_everything_else_a_long_one():
    """training_site/wsgi.py says the web server's work is pages; manage.py (db_worker,
    reports, backups) keeps the default."""
    names = ["DATABASES"]
    url = {"DATABASE_URL": "postgres://eagle@db.example.org:5432/eagle"}

    pages = settings_values("training_site.settings.test", {**url, "DATABASE_WORK": "pages"}, names)
    tasks = settings_values("training_site.settings.test", url, names)

    assert pages["DATABASES"]["default"]["OPTIONS"] == {
        "connect_timeout": 2,
        "options": "-c statement_timeout=3000",
    }
    assert tasks["DATABASES"]["default"]["OPTIONS"]["options"] == "-c statement_timeout=600000"
    assert pages["DATABASES"]["default"]["ENGINE"] == "training_site.postgresql"
