"""Security headers on every response, added as the response starts (no buffering, no per-request parsing).

- X-Content-Type-Options: nosniff and Referrer-Policy: no-referrer on everything;
- X-Frame-Options: DENY and a Content-Security-Policy on HTML pages, unless the page set its own policy
  (a page that needs more says so itself, as the GraphiQL page does);
- Strict-Transport-Security only when the operator says TLS is terminated in front (HUB_HSTS): sent
  over plain HTTP on a loopback port it would pin browsers to HTTPS for a host that has none.
"""

from __future__ import annotations

HSTS_MAX_AGE = 31_536_000  # one year, the value preload lists and most guides ask for

class SecurityHeaders:
    def __init__(self, app, *, content_security_policy: str, hsts: bool):
        self.app = app
        self.always = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
        if hsts:
            self.always.append((b"strict-transport-security", f"max-age={HSTS_MAX_AGE}".encode()))
        self.html = self._html_headers(content_security_policy)

    @staticmethod
    def _html_headers(policy: str) -> list[tuple[bytes, bytes]]:
        headers = [(b"x-frame-options", b"DENY")]
        if policy:
            headers.append((b"content-security-policy", policy.encode()))
        return headers

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or ())
                present = {name.lower() for name, _ in headers}
                html = any(name.lower() == b"content-type" and value.lower().startswith(b"text/html")
                           for name, value in headers)
                for name, value in (self.always + self.html) if html else self.always:
                    if name not in present:
                        headers.append((name, value))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
