"""OIDC / JWT bearer tokens: verified against a configured issuer, audience and key (PEM or JWKS).

The role comes from a configurable claim (default `hub_role`: ADMIN, MEMBER or ANALYST; anything else
means ANALYST), the actors a member acts for from another (default `hub_actors`, a list of actor keys).
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path

import jwt

from hub.access import Role, Viewer
from hub.settings import Settings


class JwtVerifier:
    def __init__(self, settings: Settings):
        self.settings = settings

    @property
    def configured(self) -> bool:
        s = self.settings
        return bool(s.jwt_issuer and (s.jwt_public_key or s.jwt_jwks_file or s.jwt_jwks_url))

    @cached_property
    def _jwks_client(self):
        return jwt.PyJWKClient(self.settings.jwt_jwks_url, cache_keys=True) if self.settings.jwt_jwks_url else None

    @cached_property
    def _jwks(self):
        return jwt.PyJWKSet.from_json(Path(self.settings.jwt_jwks_file).read_text()) if self.settings.jwt_jwks_file else None

    def _key(self, token: str):
        s = self.settings
        if s.jwt_public_key:
            text = s.jwt_public_key
            return Path(text).read_text() if not text.lstrip().startswith("-----") and Path(text).is_file() else text
        kid = jwt.get_unverified_header(token).get("kid")
        if self._jwks is not None:
            for key in self._jwks.keys:
                if kid is None or key.key_id == kid:
                    return key.key
            raise jwt.InvalidTokenError("no key for this token")
        return self._jwks_client.get_signing_key_from_jwt(token).key

    def viewer_for(self, token: str) -> Viewer | None:
        """None when the token is not valid for this hub (bad signature, issuer, audience, expired)."""
        s = self.settings
        try:
            claims = jwt.decode(token, self._key(token), algorithms=s.jwt_algorithms, audience=s.jwt_audience,
                                issuer=s.jwt_issuer, options={"require": ["exp", "iss", "sub"]})
        except (jwt.InvalidTokenError, ValueError, json.JSONDecodeError, OSError):
            return None
        role_claim = str(claims.get(s.jwt_role_claim, "ANALYST")).upper()
        role = Role(role_claim) if role_claim in ("ADMIN", "MEMBER", "ANALYST") else Role.ANALYST
        actors = claims.get(s.jwt_actors_claim) or []
        actor_keys = tuple(str(a) for a in actors) if isinstance(actors, list) else ()
        if role is Role.MEMBER and not actor_keys:
            role = Role.ANALYST
        return Viewer(name=f"oidc:{claims['sub']}", role=role, actor_keys=actor_keys)
