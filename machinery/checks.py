"""System checks of the machinery, run by `python manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Warning, register

IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"


@register(deploy=True)
def check_tasks_backend(app_configs, **kwargs) -> list[Warning]:
    """Production (DEBUG off) should queue imports and certificate batches for the workers:
    the immediate backend runs them inside the web request that starts them."""
    if settings.DEBUG or settings.TASKS["default"]["BACKEND"] != IMMEDIATE:
        return []
    return [
        Warning(
            "TASKS_BACKEND is the immediate backend with DEBUG off: every import and "
            "certificate batch runs inside the web request that starts it, holding a web "
            "worker for minutes, and is cut off by the server's request timeout.",
            hint="Leave TASKS_BACKEND empty (django_tasks_db.DatabaseBackend) and run "
            "`python manage.py db_worker`; see docs/deploy.md.",
            id="machinery.W001",
        )
    ]
