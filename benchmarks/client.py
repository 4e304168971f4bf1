"""HTTP by hand for the benchmarks: a browser or an API client of 127.0.0.1 behind a TLS proxy.

One connection per request (gunicorn's sync workers close it anyway).
"""

from __future__ import annotations

import http.client
import json
import urllib.parse


class Client:
    """Cookies for a browser session, or a token for the API (X-Forwarded-Proto: https)."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}
        self.token: str | None = None

    def request(self, method, path, *, shape="none", params=None, token=False, timeout=120):
        """(status, body). `shape`: how `params` are sent: "none", "query", "form", "json"."""
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https"}
        body = None
        params = params or {}
        if shape == "query" and params:
            path += "?" + urllib.parse.urlencode(params)
        elif shape == "json":
            body = json.dumps(params).encode()
            headers["Content-Type"] = "application/json"
        elif shape == "form":
            form = {**params, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = self.origin + path
            headers["Origin"] = self.origin
        if token:
            headers["Authorization"] = f"Token {self.token}"
        elif self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, content

    def sign_in(self, username: str, password: str, codes: list[str]) -> None:
        """The login form, the second step with a recovery code when `codes` are given (staff),
        and an API token (the last code as its `otp`) when the user may have one (families
        may not: their token stays None)."""
        self.request("GET", "/accounts/login/")
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            shape="form",
            params={"username": username, "password": password},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"Could not sign in as {username} (status {status}).")
        if codes:
            status, _ = self.request(
                "POST", "/accounts/login/code/", shape="form", params={"code": codes[0]}
            )
            if status != 302:
                raise SystemExit(f"Second step refused for {username} (status {status}).")
        status, content = self.request(
            "POST",
            "/api/v1/auth/token/",
            shape="json",
            params={"username": username, "password": password, "otp": codes[-1] if codes else ""},
        )
        self.token = json.loads(content)["token"] if status == 200 else None
