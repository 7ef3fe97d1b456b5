"""Settings shared by every environment.

Every secret and every machine-specific value comes from the environment;
`.env.example` lists them. DEBUG is off unless dev.py turns it on.
"""

import os
from pathlib import Path

import dj_database_url

from django.conf.locale import LANG_INFO
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
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "trainees.middleware.RateLimitedMiddleware",
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

# Database: SQLite beside the code unless DATABASE_URL names another one.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A read replica of it, optional: the outcomes pages read their figures from it
# (training_site/db_router.py); everything else reads and writes default.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
OUTCOMES_READ_DATABASE = "replica" if "replica" in DATABASES else "default"
DATABASE_ROUTERS = ["training_site.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
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

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# New pages get an alias in every other language's tree until translated.
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]

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

WAGTAIL_SITE_NAME = "雄鹰工程 Eagle"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ALLOW_UNICODE_SLUGS = True

# Background tasks run at once in the web process, unless TASKS_BACKEND names
# django_tasks_db.DatabaseBackend: then they wait in the database for the workers
# (`python manage.py db_worker`), which may run on machines of their own.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND")
        or "django_tasks.backends.immediate.ImmediateBackend"
    }
}

# Accounts (django-allauth): sign up with a mainland mobile number or an
# e-mail address (or both); log in with username, e-mail or phone and a
# password, or with a code sent by SMS or e-mail. See trainees/accounts.py.
ACCOUNT_ADAPTER = "trainees.accounts.EagleAccountAdapter"
ACCOUNT_FORMS = {
    "login": "trainees.forms.EagleLoginForm",
    "signup": "trainees.forms.EagleSignupForm",
}
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
    # No whole mobile or identity number in any log line (trainees/log_masking.py).
    "filters": {"personal_numbers": {"()": "trainees.log_masking.MaskPersonalNumbers"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["personal_numbers"]}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
