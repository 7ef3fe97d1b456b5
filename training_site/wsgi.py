import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_site.settings.dev")
# The web server's database work is pages: the short statement timeout, and so the short
# deadline of each wait for the database (settings/base.py, machinery/database_work.py).
os.environ.setdefault("DATABASE_WORK", "pages")

application = get_wsgi_application()
