"""The client: posts operations with a bearer token, retries what is safe to retry, pages through
connections, and offers the coordination questions as typed helpers.

Retries follow the hub's rules: RATE_LIMITED is refused before anything runs, so it is always retried after
its Retry-After; HTTP 503 (UNAVAILABLE) and a broken connection may hide a write that went through, so they
are retried only for queries and for mutations carrying a clientMutationId, which the client adds to every
create and link unless the caller gives one."""

from __future__ import annotations

import asyncio
import hashlib
import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import Any

import httpx

from .errors import HubError, UserError, UserInputError
from .live import subscribe
from .models import ActorActivity, Change, DuplicateCandidate, Implementer, RegisteredInitiative, Relationship
from .operations import OPERATIONS

# A create or link whose input variable can carry an idempotency key (createApiToken's cannot).
_KEYED_MUTATION = re.compile(r"\b(?:create(?!ApiToken)\w*|link)\s*\(\s*input\s*:\s*\$(\w+)")


class HubClient:
    """An async client of one hub. Use as `async with HubClient(url, token=...) as hub:`.

    url: the GraphQL endpoint (`http://127.0.0.1:8000/graphql`); token: an API token or OIDC bearer token
    (None: anonymous); persisted: send canonical operations by hash first (for a hub that holds them
    persisted); max_retries / max_retry_wait: how often, and at most how many seconds at a time, to wait
    and retry; http: an httpx.AsyncClient of your own (its transport, proxies, TLS settings)."""

    def __init__(self, url: str, token: str | None = None, *, persisted: bool = False, max_retries: int = 3,
                 max_retry_wait: float = 60.0, backoff: float = 0.5, timeout: float = 30.0,
                 http: httpx.AsyncClient | None = None,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep):
        self.url = url
        self.token = token
        self.persisted = persisted
        self.max_retries = max_retries
        self.max_retry_wait = max_retry_wait
        self.backoff = backoff
        self._sleep = sleep
        self._own_http = http is None
        self._http = http or httpx.AsyncClient(timeout=timeout)

    async def __aenter__(self) -> "HubClient":
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._own_http:
            await self._http.aclose()

    # -- operations ---------------------------------------------------------------------------------------

    async def execute(self, query: str, variables: dict[str, Any] | None = None, *,
                      operation_name: str | None = None, idempotent: bool | None = None) -> dict[str, Any]:
        """Runs an operation and returns its data; raises HubError for any GraphQL error. Creates and links
        get a clientMutationId when their input has none. `idempotent` overrides whether a 503 or a broken
        connection may be retried (default: queries, and mutations with a clientMutationId)."""
        variables = _with_idempotency_key(query, dict(variables or {}))
        if idempotent is None:
            idempotent = not _is_mutation(query) or _has_idempotency_key(query, variables)
        payload: dict[str, Any] = {"query": query, "variables": variables}
        if operation_name:
            payload["operationName"] = operation_name
        return await self._post(payload, idempotent)

    async def run(self, name: str, **variables: Any) -> dict[str, Any]:
        """Runs a canonical operation (clients/operations/<name>.graphql) with the given variables. With
        `persisted=True` only its hash is sent, and its text only if the hub does not hold it."""
        try:
            query = OPERATIONS[name]
        except KeyError:
            raise ValueError(f"name: no canonical operation {name!r}; known: {', '.join(sorted(OPERATIONS))}") from None
        if not self.persisted:
            return await self.execute(query, variables, operation_name=name)
        variables = _with_idempotency_key(query, dict(variables))
        idempotent = not _is_mutation(query) or _has_idempotency_key(query, variables)
        extensions = {"persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(query.encode()).hexdigest()}}
        try:
            return await self._post({"operationName": name, "variables": variables, "extensions": extensions},
                                    idempotent)
        except HubError as error:
            if error.code != "PERSISTED_QUERY_NOT_FOUND":
                raise
        return await self._post({"query": query, "operationName": name, "variables": variables,
                                 "extensions": extensions}, idempotent)

    async def paginate(self, name: str, field: str, *, page_size: int = 100,
                       **variables: Any) -> AsyncIterator[dict[str, Any]]:
        """Yields every node of the connection `field` of canonical operation `name`, a page at a time
        (`first`/`after`); the operation must select pageInfo { hasNextPage endCursor } and nodes."""
        after = None
        while True:
            connection = (await self.run(name, **variables, first=page_size, after=after))[field]
            for node in connection["nodes"]:
                yield node
            if not connection["pageInfo"]["hasNextPage"]:
                return
            after = connection["pageInfo"]["endCursor"]

    async def _post(self, payload: dict[str, Any], idempotent: bool) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {self.token}"} if self.token else {}
        attempt = 0
        while True:
            try:
                response = await self._http.post(self.url, json=payload, headers=headers)
            except httpx.TransportError as error:
                # nothing was sent when the connection could not be made: always safe to try again
                if attempt >= self.max_retries or not (idempotent or isinstance(error, httpx.ConnectError)):
                    raise HubError("UNAVAILABLE", f"the hub could not be reached: {error!r}") from error
                await self._sleep(self.backoff * 2 ** attempt)
                attempt += 1
                continue
            body = _json(response)
            errors = body.get("errors") or []
            if not errors and response.status_code == 200:
                return body["data"]
            code = (errors[0].get("extensions") or {}).get("code", "INTERNAL") if errors else "INTERNAL"
            message = errors[0].get("message", "") if errors else f"HTTP {response.status_code}"
            delay = _retry_after(response)
            retryable = code == "RATE_LIMITED" or (response.status_code == 503 and idempotent)
            if retryable and delay is not None and delay <= self.max_retry_wait and attempt < self.max_retries:
                await self._sleep(delay)
                attempt += 1
                continue
            raise HubError(code, message, errors=errors, data=body.get("data"), status=response.status_code)

    # -- coordination helpers -----------------------------------------------------------------------------

    async def who_works_where(self, location_id: str, *, theme_id: str | None = None,
                              period: tuple[str | None, str | None] | None = None,
                              actor_kinds: Iterable[str] | None = None) -> list[ActorActivity]:
        """Everyone working in a place (and every place within it), on a theme, in a period
        (ISO dates, start and end), most active first."""
        data = await self.run("WhoWorksWhere", locationId=location_id, themeId=theme_id,
                              period=_period(period), actorKinds=list(actor_kinds) if actor_kinds else None)
        return [ActorActivity.of(item) for item in data["whoWorksWhere"]]

    async def check_draft(self, title: str, *, description: str | None = None,
                          location_ids: Iterable[str] = (), theme_ids: Iterable[str] = (),
                          target_groups: Iterable[str] = (), funder_ids: Iterable[str] = (),
                          start_date: str | None = None, end_date: str | None = None,
                          first: int = 10, min_score: float = 0.0) -> list[DuplicateCandidate]:
        """What an initiative not yet registered would duplicate, best first."""
        draft = {"title": title, "description": description, "locationIds": list(location_ids),
                 "themeIds": list(theme_ids), "targetGroups": list(target_groups), "funderIds": list(funder_ids),
                 "startDate": start_date, "endDate": end_date}
        data = await self.run("CheckDraft", draft=draft, first=first, minScore=min_score)
        return [DuplicateCandidate.of(item) for item in data["duplicateCandidates"]]

    async def register_initiative(self, title: str, *, location_ids: Iterable[str] = (),
                                  theme_ids: Iterable[str] = (), implementers: Iterable[Implementer] = (),
                                  funder_ids: Iterable[str] = (), client_mutation_id: str | None = None,
                                  **fields: Any) -> RegisteredInitiative:
        """Registers an initiative with its places, themes, implementers and funders in one transaction;
        other fields of CreateInitiativeInput go in `fields` by their GraphQL names (startDate, status, ...).
        Raises UserInputError when the input is refused; safe to call again with the same
        client_mutation_id (one is made when none is given)."""
        key = client_mutation_id or str(uuid.uuid4())
        data = {"title": title, "locationIds": list(location_ids), "themeIds": list(theme_ids),
                "implementers": [{"actorId": i.actor_id, "role": i.role} for i in implementers],
                "funderIds": list(funder_ids), "clientMutationId": key, **fields}
        payload = (await self.run("CreateInitiative", input=data))["createInitiative"]
        _raise_user_errors(payload)
        initiative = payload["initiative"]
        return RegisteredInitiative(initiative["id"], initiative["version"], initiative["title"], key,
                                    [DuplicateCandidate.of(d) for d in payload["possibleDuplicates"]])

    async def link(self, type: str, from_id: str, to_id: str, *, role: str | None = None,
                   client_mutation_id: str | None = None) -> Relationship:
        """Makes a relationship of the model (IMPLEMENTS, FUNDS, LOCATED_IN, ...); safe to retry."""
        data = {"type": type, "fromId": from_id, "toId": to_id, "role": role,
                "clientMutationId": client_mutation_id or str(uuid.uuid4())}
        payload = (await self.run("Link", input=data))["link"]
        _raise_user_errors(payload)
        made = payload["relationship"]
        return Relationship(made["type"], (made["from"] or {}).get("id"), (made["to"] or {}).get("id"), made["role"])

    # -- changes ------------------------------------------------------------------------------------------

    async def change_feed(self, *, location_id: str | None = None, theme_id: str | None = None,
                          actor_id: str | None = None, since: str | None = None,
                          page_size: int = 100) -> AsyncIterator[Change]:
        """Every change the caller may see, newest first, in a place (and the places within it), on a theme
        or about an actor, since an ISO time; a page at a time. Deletions are tombstones (record None)."""
        async for node in self.paginate("ChangeFeed", "changes", page_size=page_size, locationId=location_id,
                                        themeId=theme_id, actorId=actor_id, since=since):
            yield Change.of(node)

    async def changes(self, *, after: str | None = None, record_types: Iterable[str] | None = None,
                      actions: Iterable[str] | None = None, location_ids: Iterable[str] | None = None,
                      theme_ids: Iterable[str] | None = None, where_i_work: bool = False,
                      possible_duplicates_of_mine: bool = False) -> AsyncIterator[Change]:
        """Live changes as they are committed, oldest first, over WebSocket. after: the id of the last change
        handled (e.g. saved before a restart) to first get every change that followed it. A dropped
        connection, or the hub cutting off a subscriber too slow to keep up, is followed by a reconnection
        that resumes after the last change yielded: no gap, no repeat."""
        variables = {"recordTypes": list(record_types) if record_types else None,
                     "actions": list(actions) if actions else None,
                     "locationIds": list(location_ids) if location_ids else None,
                     "themeIds": list(theme_ids) if theme_ids else None,
                     "whereIWork": where_i_work, "possibleDuplicatesOfMine": possible_duplicates_of_mine}
        async for event in subscribe(self.url, OPERATIONS["Changes"], variables, field="changes", token=self.token,
                                     after=after, max_retries=self.max_retries, backoff=self.backoff,
                                     max_backoff=self.max_retry_wait, sleep=self._sleep):
            yield Change.of(event)


def _is_mutation(query: str) -> bool:
    text = re.sub(r"#[^\n]*", "", query).lstrip()
    return text.startswith("mutation")


def _with_idempotency_key(query: str, variables: dict[str, Any]) -> dict[str, Any]:
    if _is_mutation(query):
        for name in _KEYED_MUTATION.findall(query):
            if isinstance(variables.get(name), dict) and not variables[name].get("clientMutationId"):
                variables[name] = {**variables[name], "clientMutationId": str(uuid.uuid4())}
    return variables


def _has_idempotency_key(query: str, variables: dict[str, Any]) -> bool:
    names = _KEYED_MUTATION.findall(query)
    return bool(names) and all(isinstance(variables.get(n), dict) and variables[n].get("clientMutationId")
                               for n in names)


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        code = "UNAUTHENTICATED" if response.status_code == 401 else "INTERNAL"
        return {"errors": [{"message": f"HTTP {response.status_code}", "extensions": {"code": code}}]}
    return body


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return max(0.0, float(response.headers["retry-after"]))
    except (KeyError, ValueError):
        return None


def _period(period: tuple[str | None, str | None] | None) -> dict[str, str | None] | None:
    return None if period is None else {"start": period[0], "end": period[1]}


def _raise_user_errors(payload: dict[str, Any]) -> None:
    if payload["userErrors"]:
        raise UserInputError([UserError(e["field"], e["message"], e["code"]) for e in payload["userErrors"]])
