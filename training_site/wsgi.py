import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_site.settings.dev")
# The web server's database work is pages: the short statement timeout (settings/base.py).
os.environ.setdefault("DATABASE_WORK", "pages")

from training_site.database_deadline import with_request_deadline  # noqa: E402 (after the environment)

application = with_request_deadline(get_wsgi_application())
