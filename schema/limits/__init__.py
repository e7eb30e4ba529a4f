"""API limits: persisted operations, tokens, estimated cost, depth, aliases, introspection, rate limit.

One schema extension, ApiLimits (schema.limits.extension), enforces them all; README "API limits" lists
the settings and the error codes.
"""

from schema.limits.extension import ApiLimits

__all__ = ["ApiLimits"]
