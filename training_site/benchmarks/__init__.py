"""Measurements of the lesson page: database queries, page weight on a phone, throughput.

`python manage.py benchmark_lessons` runs them in a throwaway database; see
courses/management/commands/benchmark_lessons.py.
"""
