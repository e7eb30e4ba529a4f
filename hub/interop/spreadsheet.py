"""What every exported text cell goes through before a spreadsheet may open it."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text) -> str:
    """A cell a spreadsheet would run as a formula (=, +, -, @, tab or carriage return first) is prefixed with an
    apostrophe, which spreadsheets show as text (OWASP's advice on CSV injection)."""
    if text is None:
        return ""
    text = str(text)
    return "'" + text if text.startswith(FORMULA_START) else text
