"""One error base, every exit code once: each user-fixable error is a ShiftleftError that
knows its exit status, and ``cli.main`` turns one that reached it into the one-line
``shiftleft: error: ...`` (exit 2), never the internal-error traceback plea (exit 4)."""

from __future__ import annotations

import pytest

from shiftleft import cli, errors
from shiftleft.advisories.errors import AdvisoryError
from shiftleft.audit import AuditError
from shiftleft.config import ConfigError
from shiftleft.history.store import HistoryError
from shiftleft.policy.model import PolicyError
from shiftleft.report.model import ReportInputError
from shiftleft.sarif.readback import ReadBackError
from shiftleft.target import TargetError
from shiftleft.tools import ToolInstallError


@pytest.mark.parametrize(
    "cls", [ConfigError, TargetError, PolicyError, ReportInputError, AuditError, HistoryError, AdvisoryError,
            ReadBackError],
)  # fmt: skip
def test_user_errors_share_the_base_and_exit_2(cls: type[errors.ShiftleftError]) -> None:
    assert issubclass(cls, errors.ShiftleftError)
    assert cls("x").exit_code == errors.EXIT_USAGE


def test_a_failed_operation_keeps_its_code() -> None:
    assert ToolInstallError("x").exit_code == errors.EXIT_OPERATION_FAILED
    assert errors.ShiftleftError("x", errors.EXIT_INCOMPLETE).exit_code == errors.EXIT_INCOMPLETE


def test_main_prints_one_line_and_exits_with_the_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> None:
        raise ConfigError("shiftleft.yaml:3: bad\nvalue \x1b[31m")

    monkeypatch.setattr(cli, "app", broken)
    with pytest.raises(SystemExit) as exc:
        cli.main()
    assert exc.value.code == errors.EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith("shiftleft: error: shiftleft.yaml:3: bad")
    assert "internal error" not in err and "\x1b" not in err
    assert len(err.strip().splitlines()) == 1
