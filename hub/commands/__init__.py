"""Sub-commands of `hub` that live in modules of their own: each registers its parser and handler."""
