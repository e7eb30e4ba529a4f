"""The backup, restore and export commands refuse bad arguments and files before any graph is started."""

from __future__ import annotations

import logging

import pytest

from hub.cli import main
from hub.observability.logs import stop_logging


@pytest.fixture(autouse=True)
def own_logging():
    """`main` sends logs to the stderr of the moment (here pytest's capture, closed after the test): put the
    logging of the test session back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    stop_logging()
    root.handlers[:] = handlers
    root.setLevel(level)


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, capsys):
    plain = tmp_path / "notes.txt"
    plain.write_text("not a backup\n")
    assert main(["restore", str(plain)]) == 1
    assert "cannot be read as a gzip file" in capsys.readouterr().err
    assert main(["restore", str(tmp_path / "missing.gz")]) == 1
    assert "missing.gz" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["export", "hxl"], "--place"),
    (["export", "iati", "--from", "2024-02-30"], "not a date"),
    (["export", "iati", "--audience", "everyone"], "--audience"),
    (["export"], "export_format"),
])
def test_export_arguments_are_checked(argv, message, capsys):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert message in capsys.readouterr().err
