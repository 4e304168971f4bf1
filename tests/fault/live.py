"""A small HTTP client for the app in its own server process (standard library only)."""

from __future__ import annotations

import http.cookiejar
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Answer:
    status: int
    body: str

    def json(self):
        return json.loads(self.body)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is an answer to look at, not to follow


class Browser:
    """One visitor: keeps cookies, signs in through the real form, follows nothing by itself."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirects()
        )

    def request(self, path: str, *, data=None, json_body=None, token: str | None = None) -> Answer:
        headers = {}
        body = None
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Referer"] = self.base + path
        if token:
            headers["Authorization"] = f"Token {token}"
        # Always http://127.0.0.1:<port>, the server the test started.
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as response:
                return Answer(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read().decode())

    def get(self, path: str, **kwargs) -> Answer:
        return self.request(path, **kwargs)

    def sign_in(self, username: str, password: str) -> Answer:
        form = self.get("/accounts/login/").body
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        return self.request(
            "/accounts/login/",
            data={"csrfmiddlewaretoken": csrf, "username": username, "password": password},
        )

    def second_step(self, code: str) -> Answer:
        form = self.get("/accounts/login/code/").body
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        return self.request(
            "/accounts/login/code/", data={"csrfmiddlewaretoken": csrf, "code": code}
        )

    def token(self, username: str, password: str, otp: str = "") -> Answer:
        return self.request(
            "/api/v1/auth/token/",
            json_body={"username": username, "password": password, "otp": otp},
        )


@dataclass
class LiveApp:
    base: str
    database: Path
    log: Path

    def browser(self) -> Browser:
        return Browser(self.base)

    def wait_until_up(self, process, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the server stopped:\n{self.log.read_text()[-3000:]}")
            try:
                if self.browser().get("/accounts/login/").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the server did not answer:\n{self.log.read_text()[-3000:]}")
