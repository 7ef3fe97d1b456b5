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


class OfflineHeadersMiddleware:
    """Tells the service worker (trainees/templates/trainees/offline/sw.js) whose page it is
    (`Eagle-Reader`, absent for a visitor: the worker then forgets every page it kept) and
    which pages to keep for reading offline (`Eagle-Offline: keep`, asked for by the view:
    trainees.offline_views.keep_offline). Goes after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            from trainees.offline import reader_token

            response["Eagle-Reader"] = reader_token(user)
            if getattr(request, "eagle_offline_keep", False):
                response["Eagle-Offline"] = "keep"
        return response
