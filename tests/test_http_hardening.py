"""Browsers on other origins (CORS) and the security headers every response carries."""

from __future__ import annotations

import contextlib

import httpx
import pytest
from pydantic import ValidationError

from hub.app import create_app
from hub.settings import Settings

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
