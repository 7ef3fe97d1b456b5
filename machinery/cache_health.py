"""Whether the shared cache answers: for /health/, and for what must not act on a cache
that is away (a lease that reads as never written, say)."""

from django.core.cache import cache


def cache_answers() -> bool:
    """Asked of Redis now (training_site.cache); a cache in this process's memory always
    answers."""
    is_reachable = getattr(cache, "is_reachable", None)
    return is_reachable() if is_reachable else True
