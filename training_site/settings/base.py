"""Settings shared by every environment.

Every secret and every machine-specific value comes from the environment;
`.env.example` lists them. DEBUG is off unless dev.py turns it on.
"""

import json
import os
from pathlib import Path

import dj_database_url

from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "machinery",
    "courses",
    "trainees",
    "incubator",
    "outcomes",
    "training_site",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "training_site.middleware.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "training_site.middleware.AdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "machinery.middleware.JobNoticesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "trainees.middleware.RateLimitedMiddleware",
    "trainees.middleware.OfflineHeadersMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "training_site.urls"
WSGI_APPLICATION = "training_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# A database that stops answering (docs/deploy.md, "Faults"): connecting gives up after
# DATABASE_CONNECT_TIMEOUT seconds (libpq's least is 2), and the server cancels a statement
# after a limit that depends on the work (machinery/database_work.py): the web server's
# pages (training_site/wsgi.py sets DATABASE_WORK=pages) must answer within seconds; the
# views marked as report work (exports, the annual report, certificates) get
# DATABASE_REPORT_STATEMENT_TIMEOUT; the task workers and commands of manage.py ("tasks")
# may take minutes. DATABASE_STATEMENT_TIMEOUT (seconds, 0 for none) overrides pages and
# tasks, for a long migration say. A wait for the database's answer is cut when it lasts
# DATABASE_WAIT_MARGIN_SECONDS longer than the statement timeout
# (training_site/database_deadline.py), and once a connection timed out or was cut, the
# process makes no new one for DATABASE_SILENT_SHORT_CIRCUIT_SECONDS
# (training_site/postgresql/base.py).
DATABASE_WORK = os.environ.get("DATABASE_WORK", "tasks")
STATEMENT_TIMEOUT_SECONDS = int(
    os.environ.get("DATABASE_STATEMENT_TIMEOUT") or {"pages": 3, "tasks": 600}[DATABASE_WORK]
)
DATABASE_REPORT_STATEMENT_TIMEOUT = int(os.environ.get("DATABASE_REPORT_STATEMENT_TIMEOUT") or 60)
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT") or 2)
DATABASE_WAIT_MARGIN_SECONDS = 1.0
DATABASE_SILENT_SHORT_CIRCUIT_SECONDS = float(
    os.environ.get("DATABASE_SILENT_SHORT_CIRCUIT_SECONDS") or 2
)


def database(config: dict) -> dict:
    """A database of dj_database_url, with the limits above when it is PostgreSQL."""
    if config["ENGINE"] != "django.db.backends.postgresql":
        return config
    options = config.setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
    statement_timeout = f"-c statement_timeout={STATEMENT_TIMEOUT_SECONDS * 1000}"
    options["options"] = f"{options.get('options', '')} {statement_timeout}".strip()
    # Gives every wait a deadline; refuses to connect for a while after one was silent.
    config["ENGINE"] = "training_site.postgresql"
    return config


# Database: SQLite beside the code unless DATABASE_URL names another one.
DATABASES = {
    "default": database(
        dj_database_url.config(
            default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
            conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    )
}
# A read replica of it, optional: the outcomes pages read their figures from it
# (training_site/db_router.py); everything else reads and writes default.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database(
        dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    )
OUTCOMES_READ_DATABASE = "replica" if "replica" in DATABASES else "default"
DATABASE_ROUTERS = ["training_site.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis may go away: training_site/cache.py then answers every read with a miss.
CACHES = {
    "default": {
        "BACKEND": "training_site.cache.ResilientRedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }
    if os.environ.get("REDIS_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# With a cache every server shares, sessions are read from it first: a query less on every
# page of someone logged in. Not with a cache of each process: another server's copy would
# keep a session alive after its owner logged out.
SESSION_ENGINE = "django.contrib.sessions.backends." + (
    "cached_db" if os.environ.get("REDIS_URL") else "db"
)

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# Languages: Simplified Chinese first, then Tibetan and English.
# Django ships no locale data for Tibetan, so it is added here.
LANG_INFO["bo"] = {"bidi": False, "code": "bo", "name": "Tibetan", "name_local": "བོད་ཡིག"}
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", _("Simplified Chinese")),
    ("bo", _("Tibetan")),
    ("en", _("English")),
]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True
# Dates as each language writes them, 09:00 on the 24-hour clock (training_site/formats).
FORMAT_MODULE_PATH = ["training_site.formats"]
# Every time a person reads is Asia/Shanghai: the admin offers no other time zone (a time
# zone once chosen in the account settings is cleared by trainees' migration 0014).
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# New pages get an alias in every other language's tree until translated.
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True
# The admin's languages, each named in itself (the account settings list them so, with lang:
# training_site.languages). Tibetan: Wagtail has none, ours fills it (docs/translations.md).
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文"), ("bo", "བོད་ཡིག"), ("en", "English")]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files the application hands out only to the person they belong to (certificate
# batches): outside MEDIA_ROOT and never served by a URL of their own.
PRIVATE_STORAGE_ROOT = Path(os.environ.get("PRIVATE_STORAGE_ROOT", BASE_DIR / "private"))
# CleanFileSystemStorage: a file that cannot be written whole (a full disk) is not kept at all.
STORAGES = {
    "default": {"BACKEND": "training_site.storage.CleanFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "training_site.storage.CleanFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_STORAGE_ROOT},
    },
}

# Uploads: a page editor can add many blocks; images are checked by size and pixels.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 8 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "courses.image_forms.CheckedImageForm"
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "webp", "png": "webp", "jpeg": "webp", "gif": "gif"}
WAGTAILIMAGES_WEBP_QUALITY = 60
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "txt", "csv", "zip", "mp4", "webm", "mp3"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 200 * 1024 * 1024
# Documents only through Wagtail's view (its collection privacy, `nosniff` and a CSP that
# lets nothing run), never a redirect to the storage's URL; nothing serves media/documents/.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

WAGTAIL_SITE_NAME = "雄鹰工程 Eagle"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ALLOW_UNICODE_SLUGS = True
# Wagtail saves what an editor types in the background (ms after typing stops; 0 is off).
# Kept on: a lesson written on a weak network survives a closed tab (docs/lessons.md).
WAGTAIL_AUTOSAVE_INTERVAL = 500

# Background tasks run at once in the web process (`make run`), unless TASKS_BACKEND names
# django_tasks_db.DatabaseBackend: then they wait in the database for the workers
# (`python manage.py db_worker`), which may run on machines of their own. Production
# queues them by default (production.py).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND")
        or "django_tasks.backends.immediate.ImmediateBackend"
    }
}

# A running job's task writes its lease every JOB_HEARTBEAT_SECONDS; one whose lease is
# older than JOB_LEASE_SECONDS lost its worker, and every worker looks for such jobs every
# JOB_SWEEP_SECONDS (machinery/jobs.py): a killed worker's job is reported failed within
# JOB_LEASE_SECONDS + JOB_SWEEP_SECONDS (40 s), and sooner on the page its starter watches.
JOB_HEARTBEAT_SECONDS = float(os.environ.get("JOB_HEARTBEAT_SECONDS", "10"))
JOB_LEASE_SECONDS = float(os.environ.get("JOB_LEASE_SECONDS", "30"))
JOB_SWEEP_SECONDS = float(os.environ.get("JOB_SWEEP_SECONDS", "10"))

# Accounts (django-allauth): sign up with a mainland mobile number or an
# e-mail address (or both); log in with username, e-mail or phone and a
# password, or with a code sent by SMS or e-mail. See trainees/accounts.py.
ACCOUNT_ADAPTER = "trainees.accounts.EagleAccountAdapter"
ACCOUNT_FORMS = {
    "login": "trainees.forms.EagleLoginForm",
    "signup": "trainees.forms.EagleSignupForm",
    "request_login_code": "trainees.forms.EagleRequestLoginCodeForm",
    "confirm_login_code": "trainees.forms.EagleConfirmLoginCodeForm",
    "verify_phone": "trainees.forms.EagleVerifyPhoneForm",
}
ACCOUNT_USER_DISPLAY = "trainees.accounts.user_display"
ACCOUNT_LOGIN_METHODS = {"username", "email", "phone"}
# Phone and e-mail are each optional, but the sign-up form requires one of
# them, and a username is generated when none is given. allauth's check
# account.W001 cannot see that rule, hence it is silenced below.
ACCOUNT_SIGNUP_FIELDS = ["phone", "email", "username", "password1*", "password2*"]
SILENCED_SYSTEM_CHECKS = ["account.W001"]
ACCOUNT_EMAIL_VERIFICATION = "none"
# Nothing tells a stranger whether an address or number has an account: sign-up, log-in
# by code and password reset answer the same either way, and allauth writes to the owner
# instead. For that, a sign-up with an e-mail address and no phone confirms the address
# by the link e-mailed to it before logging in (trainees.forms.EagleSignupForm.try_save),
# as a phone sign-up confirms the number by a code; a registered address gets the same
# "we have sent you an e-mail" page. (allauth's e-mail codes would need mandatory
# verification for every log-in, which phone-only accounts could never pass.)
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND = True
# Six digits are easy to type on a phone keypad.
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_LOGIN_BY_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_SIGNUP_REDIRECT_URL = "trainee_welcome"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Failed passwords: 10 a minute per client address, and 5 per 5 minutes per address
    # and account (our adapter adds the address to allauth's key, trainees/accounts.py),
    # never per account alone, so that a stranger's guesses cannot lock a trainee out.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    # Each SMS costs money and can be used to pester someone: per number and per IP.
    "verify_phone": "1/30s/key,3/m/ip",
    "request_login_code": "20/m/ip,3/m/key",
    "change_phone": "1/m/user",
    # Ours: the "About you" form, whose answer tells whether an identity number is
    # registered; counted like failed log-ins, per account and per address
    # (trainees.learning_views.about_you).
    "about_you": "5/5m/user,30/m/ip",
}
# Wagtail's admin log-in goes through the same limits (trainees.views.AdminLoginView);
# its own password reset would mail without any, so passwords are reset at
# /accounts/password/reset/ only.
WAGTAILADMIN_USER_LOGIN_FORM = "trainees.forms.AdminLoginForm"
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Where text messages go: trainees.sms.LogSmsBackend (unset or empty) writes them to the
# log; production names a gateway backend in the environment (see trainees/sms.py), and
# `check --deploy` fails on the log backend with DEBUG off (trainees/checks.py).
SMS_BACKEND = os.environ.get("SMS_BACKEND") or "trainees.sms.LogSmsBackend"
# The gateways (trainees/sms_gateways.py): the sign name shown in every message, and per
# kind of message (trainees.choices.SmsTemplate) the code of the template the gateway
# approved in each language, e.g. {"verification_code": {"zh-hans": "SMS_1", "bo": "SMS_2"}};
# a language without one is sent the Chinese template. `check --deploy` says what is missing.
SMS_SIGN_NAME = os.environ.get("SMS_SIGN_NAME", "")
try:
    SMS_TEMPLATES = json.loads(os.environ.get("SMS_TEMPLATES") or "{}")
except json.JSONDecodeError as error:
    raise ImproperlyConfigured(f"SMS_TEMPLATES is not valid JSON: {error}") from error
SMS_ALIYUN = {
    "ACCESS_KEY_ID": os.environ.get("SMS_ALIYUN_ACCESS_KEY_ID", ""),
    "ACCESS_KEY_SECRET": os.environ.get("SMS_ALIYUN_ACCESS_KEY_SECRET", ""),
    "ENDPOINT": os.environ.get("SMS_ALIYUN_ENDPOINT") or "https://dysmsapi.aliyuncs.com",
}
SMS_TENCENT = {
    "SECRET_ID": os.environ.get("SMS_TENCENT_SECRET_ID", ""),
    "SECRET_KEY": os.environ.get("SMS_TENCENT_SECRET_KEY", ""),
    "SDK_APP_ID": os.environ.get("SMS_TENCENT_SDK_APP_ID", ""),
    "REGION": os.environ.get("SMS_TENCENT_REGION") or "ap-guangzhou",
    "ENDPOINT": os.environ.get("SMS_TENCENT_ENDPOINT") or "https://sms.tencentcloudapi.com",
}
# Codes go out while a person waits for the page: each call waits SMS_TIMEOUT seconds at
# most, and a refusal that asks for it is tried again after each of these delays (seconds).
SMS_TIMEOUT = float(os.environ.get("SMS_TIMEOUT") or "5")
SMS_RETRY_DELAYS = tuple(
    float(delay) for delay in (os.environ.get("SMS_RETRY_DELAYS") or "0.5,1").split(",")
)

# Certificates' signed statements (trainees/certificate_signing.py, docs/deploy.md,
# "Certificate signing keys"): Ed25519 private keys written key-id:base64, comma-separated;
# the first signs, the others are only published for checking (a key about to sign, or an
# old one). CERTIFICATE_RETIRED_KEYS: public keys (key-id:base64) of old keys whose private
# key is gone, still published so that the certificates they signed verify.
CERTIFICATE_SIGNING_KEYS = env_list("CERTIFICATE_SIGNING_KEYS")
CERTIFICATE_RETIRED_KEYS = env_list("CERTIFICATE_RETIRED_KEYS")
# Without a signing key, production refuses to start (trainees.E004); development and the
# tests set this to sign with a key made for the process (logged when it is made).
CERTIFICATE_EPHEMERAL_SIGNING_KEY = False

# Content-Security-Policy (django-csp), sent in every environment by
# training_site.middleware.SiteCSPMiddleware, which adds what Wagtail's admin needs.
# Styles may be inline: Wagtail's admin and the charts' SVG carry style attributes.
# Images and media may come from the S3-compatible media storage, embedded videos
# from their providers' players, hence https: there.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", "https:"],
        "media-src": ["'self'", "blob:", "https:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", "https:"],
        # Wagtail's page preview frames the site within itself.
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# Permissions-Policy (django-permissions-policy): no page uses these browser features.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "browsing-topics": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
# Wagtail's admin would fetch avatars from gravatar.com: a third party, and out of reach
# in mainland China.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor ask releases.wagtail.org for a new version from the dashboard: upgrades come through
# requirements.txt.
WAGTAIL_ENABLE_UPDATE_CHECK = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # One line for a database or Redis outage, not a traceback (training_site/log_outages.py).
        "outages": {"()": "training_site.log_outages.OneLineOutages"},
        # No whole mobile or identity number in any log line (trainees/log_masking.py).
        "personal_numbers": {"()": "trainees.log_masking.MaskPersonalNumbers"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["outages", "personal_numbers"]}
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
