from allauth.core.ratelimit import RateLimited, respond_429


class RateLimitedMiddleware:
    """allauth raises RateLimited from deep in a flow (an SMS code asked for too often while
    signing up or logging in); answer with the 429 page instead of a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            return respond_429(request)
        return None
