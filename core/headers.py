"""Response headers every page and endpoint gets, whoever wrote the view."""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """No browser or proxy keeps a copy of anything Django answers: `Cache-Control: no-store`.

    Dossier pages, PDF copies and API answers hold case content, and a shared computer's cache is
    the next user's to read. The rule is simple on purpose: every response that passes through
    Django, public pages included (they are few and cheap). Static files are served by WhiteNoise
    above this middleware and keep their caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "public_asset", False):
            # A file built from settings only (the brand's stylesheet): the same for everyone.
            return response
        # Overrides what a view may have set (max-age and the like) and keeps `private`.
        add_never_cache_headers(response)
        response["Pragma"] = "no-cache"
        return response
