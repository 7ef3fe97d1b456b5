"""Tools outside the shipped apps: the benchmarks, the load test (`loadtest/`) and the
synthetic programme (`synthetic.py`), with their management commands.

An installed app in the development, test, benchmark and load-test settings only, never in
production; no shipped package imports it (tests/test_layers.py). The lesson page's
measurements (`lesson_page.py` and its parts) run with `python manage.py benchmark_lessons`.
"""
