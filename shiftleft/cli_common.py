"""What every ``shiftleft`` sub-command shares: one way to fail with a one-line message, one
way to warn, the only consoles the CLI prints through, and one reading of option values
(comma lists, case-insensitive names, the output directory and single report files:
docs/cli.md).

Every line a command prints may quote the scanned repository (a file name, a waiver's
owner, a rule message, a tool's error output, a config key), so each helper here passes
its text through ``safe_text.visible`` before it reaches the terminal, and the consoles
(``console()``) escape again whatever a renderable still carries: no command prints
through a bare ``rich.console.Console``, ``print`` or ``typer.echo`` of repository text.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text
from typer.core import TyperArgument, TyperGroup

from shiftleft import cli_choices
from shiftleft.errors import EXIT_USAGE, ShiftleftError
from shiftleft.safe_text import is_visible, visible


class SafeConsole(Console):
    """A rich console that escapes control and bidi characters in every segment it renders.

    The second line of defence: text should already be ``visible`` when a ``Text`` is made
    (rich's ``Text`` silently drops BEL, BS, VT, FF and CR, so only the first line can show
    them); this catches what a table cell, a ``str`` renderable or a future call site
    forgot. Newlines in segments are rich's own layout and are kept."""

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or is_visible(segment.text, multiline=True):
                yield segment
            else:
                yield Segment(visible(segment.text, multiline=True), segment.style, segment.control)


def console(*, stderr: bool = False, no_color: bool | None = None, soft_wrap: bool = False) -> Console:
    """The console a command prints through (stdout, or stderr for messages); a ``str``
    printed is never parsed as rich markup (``markup=False``) nor highlighted."""
    return SafeConsole(stderr=stderr, no_color=no_color or None, highlight=False, markup=False, soft_wrap=soft_wrap)


def line(value: object, style: str = "") -> Text:
    """A ``Text`` of repository-controlled ``value``: one line, escaped, never rich markup."""
    return Text(visible(value), style=style)


def echo(*parts: Any, err: bool = False) -> None:
    """``typer.echo`` for one line that may quote the repository or a file read back."""
    typer.echo(visible(" ".join(str(p) for p in parts)), err=err)


def warn(message: str, out: Console | None = None) -> None:
    """``shiftleft: warning: ...`` on stderr, one line whatever the terminal width; the
    scan's redactor first (warnings quote tool output and repository text)."""
    from shiftleft.sarif.redact import redact_text

    message = redact_text(message)
    (out or console(stderr=True)).print(line(f"shiftleft: warning: {message}", "yellow"), soft_wrap=True)


def error(message: str) -> None:
    """Print ``shiftleft: error: ...`` on stderr: one line, redacted, escaped."""
    from shiftleft.sarif.redact import redact_text

    message = redact_text(message)  # errors quote repository text (config values, file lines)
    # soft_wrap: one line whatever the terminal width, so scripts and CI logs get it whole
    console(stderr=True, soft_wrap=True).print(line(f"shiftleft: error: {message}", "bold red"))


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print ``shiftleft: error: ...`` on stderr (never a traceback) and exit."""
    error(message)
    raise typer.Exit(code)


# --- option values (docs/cli.md) -------------------------------------------------------------

#: prefix of the environment variable of every ``scan`` option (``--fail-on``: SHIFTLEFT_FAIL_ON)
ENV_PREFIX = "SHIFTLEFT_"
#: the file name that means standard output for a single-file report (``--sarif-file -``)
STDOUT = "-"
#: format -> its single-file option (``--sarif-file PATH``); the formats CI jobs hand to one tool
FILE_OPTIONS: dict[str, str] = {
    "sarif": "--sarif-file",
    "json": "--json-file",
    "html": "--html-file",
    "markdown": "--markdown-file",
    "junit": "--junit-file",
    "csv": "--csv-file",
}


#: the formats that may go to standard output: JSON, whose escapes keep repository text from
#: reaching a terminal raw (the other formats carry it as text)
STDOUT_FORMATS = ("sarif", "json")


def envvar(option: str) -> str:
    """The environment variable of a ``scan`` option: ``--fail-on`` -> ``SHIFTLEFT_FAIL_ON``."""
    return ENV_PREFIX + option.lstrip("-").replace("-", "_").upper()


def choices(values: str | Iterable[str] | None, allowed: Sequence[str], what: str, option: str) -> list[str]:
    """``cli_choices.choose``, or the one-line error and exit 2."""
    try:
        return cli_choices.choose(values, allowed, what=what, option=option)
    except ShiftleftError as exc:
        fail(exc.message, exc.exit_code)


def names(values: Iterable[str] | None) -> list[str]:
    """A list option whose names are checked later (framework ids, ecosystems): split at commas."""
    return cli_choices.split(values)


def severity(value: str | None, option: str = "--fail-on") -> str | None:
    """``cli_choices.threshold``, or the one-line error and exit 2."""
    try:
        return cli_choices.threshold(value, option)
    except ShiftleftError as exc:
        fail(exc.message, exc.exit_code)


def check_output_dir(output: Path, option: str = "-o/--output") -> None:
    """``--output`` names a directory: ``-`` or an existing file is a usage error (never a
    directory named ``-``, never a report written over a file)."""
    single = "/".join(FILE_OPTIONS[f] for f in ("sarif", "json"))
    if str(output) == STDOUT:
        fail(f"{option} names a directory for the report files; to write one report to standard output "
             f"use {single} -")  # fmt: skip
    if output.exists() and not output.is_dir():
        fail(f"{option} {output}: is a file, and {option} names a directory for the report files; to write one "
             f"report to a file use {single} PATH")  # fmt: skip


def file_option(fmt: str, env: bool = False) -> Any:
    """The typer option ``--<fmt>-file PATH`` (``scan`` gives ``env=True``: SHIFTLEFT_<FMT>_FILE)."""
    stdout = " ('-': standard output; the summary then goes to stderr)" if fmt in STDOUT_FORMATS else ""
    option = FILE_OPTIONS[fmt]
    return typer.Option(
        option, metavar="FILE", envvar=envvar(option) if env else None, show_default=False,
        help=f"Write the {fmt} report to this file{stdout}, besides any --format written to --output.",
    )  # fmt: skip


def report_files(given: Mapping[str, Path | None]) -> dict[str, Path]:
    """The single-file reports asked for (format -> path), checked: at most one on standard
    output, and only a JSON one; no two formats to one file, no file that is a directory."""
    files = {fmt: path for fmt, path in given.items() if path is not None}
    if sum(str(path) == STDOUT for path in files.values()) > 1:
        fail("only one report can go to standard output ('-')")
    for fmt, path in files.items():  # JSON escapes every control character: safe on a terminal
        if str(path) == STDOUT and fmt not in STDOUT_FORMATS:
            fail(f"{FILE_OPTIONS[fmt]}: standard output ('-') is for --sarif-file and --json-file only; give a file")
    seen: dict[str, str] = {}
    for fmt, path in files.items():
        if str(path) == STDOUT:
            continue
        key = os.path.abspath(path)
        if key in seen:
            fail(f"{FILE_OPTIONS[seen[key]]} and {FILE_OPTIONS[fmt]} name the same file {path}")
        seen[key] = fmt
        if path.is_dir():
            fail(f"{FILE_OPTIONS[fmt]} {path}: is a directory; give a file name")
    return files


def dir_formats(ctx: typer.Context, fmt: list[str] | None, default: Sequence[str], files: Mapping[str, Path],
                allowed: Sequence[str]) -> list[str]:  # fmt: skip
    """The formats written into --output: those of -f; without -f, ``default``, unless only
    single files were asked for (``--sarif-file x``) and --output was not named (on the
    command line or by its environment variable)."""
    if fmt:
        return choices(fmt, allowed, "format", "-f/--format")
    source = ctx.get_parameter_source("output")  # typer's own click: compared by name
    named = getattr(source, "name", None) in ("COMMANDLINE", "ENVIRONMENT")
    return [] if files and not named else list(default)


def to_stdout(files: Mapping[str, Path]) -> bool:
    """Whether a report goes to standard output (so everything else goes to stderr)."""
    return any(str(path) == STDOUT for path in files.values())


# --- help text -------------------------------------------------------------------------------


class Group(TyperGroup):
    """The ``shiftleft`` command group (``typer.Typer(cls=Group)``): in every command's help
    below it, an argument that has a metavar is shown by it alone. Typer writes the Python
    type beside it (``SARIF... <list[Path]>``); options show their metavar already. A test
    walks every command's help for type names."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_arguments(self)


def _no_type(ctx: Any) -> None:
    return None


def _plain_arguments(command: Any) -> None:
    for param in getattr(command, "params", ()):
        if isinstance(param, TyperArgument) and param.metavar:
            param.display_type_rich = _no_type  # type: ignore[method-assign]
    for sub in (getattr(command, "commands", None) or {}).values():
        _plain_arguments(sub)
