"""Django's answer to a request it cannot read (handler400): calm, in Dutch, never a 500.

Django raises RequestDataTooBig wherever a body over DATA_UPLOAD_MAX_MEMORY_SIZE is first read:
in the CSRF middleware for a form post, in a view, in DRF's session authentication. Wherever
that is, it ends here (DRF's own handler answers first for errors inside an API view).
"""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import render

from core.api.errors import BAD_REQUEST_MESSAGE, TOO_BIG_MESSAGE


def bad_request(request, exception=None):
    too_big = isinstance(exception, RequestDataTooBig)
    status = 413 if too_big else 400
    message = TOO_BIG_MESSAGE if too_big else BAD_REQUEST_MESSAGE
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(message)}, status=status)
    return render(request, "400.html", {"message": message}, status=status)
