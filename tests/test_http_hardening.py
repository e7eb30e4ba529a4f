"""Browsers on other origins (CORS) and the security headers every response carries."""

from __future__ import annotations

import contextlib
import re

import httpx
import pytest
from pydantic import ValidationError

from hub.app import create_app
from hub.settings import Settings
from hub.web.static import content_security_policy

APP_ORIGIN = "https://app.example.org"
OTHER_ORIGIN = "https://evil.example.net"
QUERY = {"query": "{ __typename }"}


@pytest.fixture
async def http_with(hub):
    """Makes an HTTP client of an app with the given settings."""
    async with contextlib.AsyncExitStack() as stack:
        async def make(**updates) -> httpx.AsyncClient:
            app = create_app(hub.settings.model_copy(update=updates), hub=hub)
            return await stack.enter_async_context(
                httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test"))

        yield make


def preflight(origin: str, headers: str = "authorization, content-type") -> dict:
    return {"origin": origin, "access-control-request-method": "POST", "access-control-request-headers": headers}


def access_control(response: httpx.Response) -> dict:
    return {k: v for k, v in response.headers.items() if k.lower().startswith("access-control-")}


async def test_a_listed_origin_passes_the_preflight_with_credentials_and_a_cached_answer(http_with):
    http = await http_with(cors_origins=[APP_ORIGIN], cors_max_age=900)
    response = await http.options("/graphql", headers=preflight(APP_ORIGIN))
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == APP_ORIGIN
    assert response.headers["access-control-allow-credentials"] == "true"
    assert response.headers["access-control-max-age"] == "900"
    assert "POST" in response.headers["access-control-allow-methods"]
    allowed = response.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed and "content-type" in allowed

    call = await http.post("/graphql", json=QUERY, headers={"origin": APP_ORIGIN})
    assert call.status_code == 200 and call.json()["data"] == {"__typename": "Query"}
    assert call.headers["access-control-allow-origin"] == APP_ORIGIN
    assert call.headers["access-control-allow-credentials"] == "true"
    assert "origin" in call.headers["vary"].lower()


async def test_an_unlisted_origin_gets_no_access_control_header_at_all(http_with):
    http = await http_with(cors_origins=[APP_ORIGIN])
    response = await http.options("/graphql", headers=preflight(OTHER_ORIGIN))
    assert response.status_code == 400
    assert access_control(response) == {}

    call = await http.post("/graphql", json=QUERY, headers={"origin": OTHER_ORIGIN})
    assert access_control(call) == {}
    assert "origin" in call.headers["vary"].lower()  # a shared cache must not hand this answer to APP_ORIGIN


async def test_a_listed_origin_may_not_send_headers_beyond_the_list(http_with):
    http = await http_with(cors_origins=[APP_ORIGIN])
    response = await http.options("/graphql", headers=preflight(APP_ORIGIN, "x-custom-thing"))
    assert response.status_code == 400


async def test_no_origin_is_allowed_by_default(client):
    response = await client.options("/graphql", headers=preflight(APP_ORIGIN))
    assert response.status_code >= 400 and access_control(response) == {}
    call = await client.post("/graphql", json=QUERY, headers={"origin": APP_ORIGIN})
    assert call.status_code == 200 and access_control(call) == {}


def test_cors_origins_are_read_comma_separated_and_checked(monkeypatch):
    monkeypatch.setenv("HUB_CORS_ORIGINS", f"{APP_ORIGIN}, http://localhost:5173/")
    assert Settings(_env_file=None).cors_origins == [APP_ORIGIN, "http://localhost:5173"]
    for bad in ("*", "app.example.org", "https://app.example.org/path", "ftp://app.example.org"):
        monkeypatch.setenv("HUB_CORS_ORIGINS", bad)
        with pytest.raises(ValidationError, match="cors_origins"):
            Settings(_env_file=None)


ALWAYS = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer"}


def has_always_headers(response: httpx.Response) -> bool:
    return all(response.headers.get(name) == value for name, value in ALWAYS.items())


async def test_every_response_carries_the_security_headers(http_with):
    http = await http_with(cors_origins=[APP_ORIGIN], anonymous_read=False)
    responses = [
        await http.get("/healthz"),
        await http.get("/no-such-page"),
        await http.post("/graphql", json=QUERY, headers={"authorization": "Bearer not-a-token"}),  # 401
        await http.post("/graphql", content=b"x" * (2 * 1024 * 1024), headers={"content-type": "application/json"}),
        await http.options("/graphql", headers=preflight(APP_ORIGIN)),
        await http.options("/graphql", headers=preflight(OTHER_ORIGIN)),
    ]
    assert [r.status_code for r in responses] == [200, 404, 401, 413, 200, 400]
    for response in responses:
        assert has_always_headers(response), (response.request.url, response.headers)
        assert "strict-transport-security" not in response.headers  # not asked for: no TLS in front
        assert "content-security-policy" not in response.headers  # not HTML
    ok = await (await http_with()).post("/graphql", json=QUERY)
    assert ok.status_code == 200 and has_always_headers(ok)


async def test_the_graphiql_page_keeps_its_own_same_origin_policy(client):
    page = await client.get("/graphql", headers={"accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert policy == content_security_policy()  # the page's own policy, not replaced by the default
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert not re.findall(r'(?:src|href)="(https?://[^/"]+)', page.text)
    assert page.headers["x-frame-options"] == "DENY" and has_always_headers(page)


async def test_html_pages_get_the_default_policy_unless_they_set_their_own():
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, JSONResponse
    from starlette.routing import Route

    from hub.security_headers import SecurityHeaders

    async def own(request):
        return HTMLResponse("<p>own</p>", headers={"Content-Security-Policy": "script-src 'self' 'sha256-abc'"})

    async def plain(request):
        return HTMLResponse("<p>plain</p>")

    async def data(request):
        return JSONResponse({"ok": True})

    app = SecurityHeaders(Starlette(routes=[Route("/own", own), Route("/plain", plain), Route("/data", data)]),
                          content_security_policy="default-src 'none'", hsts=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as http:
        own_page, plain_page, json_data = await http.get("/own"), await http.get("/plain"), await http.get("/data")
    assert own_page.headers.get_list("content-security-policy") == ["script-src 'self' 'sha256-abc'"]
    assert plain_page.headers.get_list("content-security-policy") == ["default-src 'none'"]
    assert plain_page.headers["x-frame-options"] == "DENY"
    assert "content-security-policy" not in json_data.headers
    assert all(has_always_headers(r) for r in (own_page, plain_page, json_data))


async def test_hsts_only_when_tls_is_terminated_in_front(http_with):
    response = await (await http_with(hsts=True)).get("/healthz")
    assert response.headers["strict-transport-security"] == "max-age=31536000"
    assert has_always_headers(response)
