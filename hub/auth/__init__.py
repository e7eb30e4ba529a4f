"""Authentication: API tokens and OIDC/JWT bearer tokens, turned into a Viewer."""
