"""``shiftleft init``: a starter ``shiftleft.yaml`` and the CI file of one CI system.

The files are rendered from the templates in ``shiftleft/ci_templates/`` (package data: they
ship in the wheel with the package) and written into a directory the user named, under one
rule: nothing is overwritten without ``force``, and nothing is ever written through a
symbolic link, at any depth below that directory (a ``.github`` that is a link to
``/etc``, a ``shiftleft.yaml`` that is a link to ``~/.bashrc``), with or without ``force``.
Every file is checked before the first is written, so a refused ``init`` writes nothing.

The CI files only use options the CLI has (``tests/test_ci_init.py`` parses every
``shiftleft ...`` line in them with the real command tree), and map the exit codes: 1
(findings) fails the job, 3 (incomplete: something NOT ASSESSED) fails it too unless the
file's ``ALLOW_INCOMPLETE`` switch is on, and then it passes with a warning.

The templates are jinja2 with delimiters chosen not to meet the CI syntaxes they hold:
``[= name =]`` for a value and ``{% ... %}`` for logic; ``${{ }}`` (GitHub), ``$(VAR)``
(Azure), ``${VAR}`` and ``${#VAR}`` (shells) pass through as text.
"""

from __future__ import annotations

import errno
import os
import stat
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

from shiftleft import __version__
from shiftleft.config import CONFIG_NAMES, MAX_CONFIG_BYTES
from shiftleft.errors import ShiftleftError

TEMPLATES = Path(__file__).resolve().parent / "ci_templates"
CONFIG_FILE = "shiftleft.yaml"
#: the stages a generated CI file scans: the test stage needs an image the pipeline built
#: (``--image-archive``), which the file explains in a comment rather than guesses
CI_STAGES = ("code", "build", "deploy")
#: the isolated tools each stage's scanners run (``shiftleft tools install NAME``)
STAGE_TOOLS: dict[str, tuple[str, ...]] = {
    "code": ("betterleaks",),
    "build": ("checkov", "hadolint"),
    "deploy": ("checkov", "zizmor"),
}
#: the stages that read the advisory database (``shiftleft db update`` before them)
DB_STAGES = frozenset({"build", "test"})


@dataclass(frozen=True)
class CiSystem:
    """One CI system ``init --ci`` knows: the files it writes (path relative to the
    project, template name) and where the user looks next."""

    name: str
    files: tuple[tuple[str, str], ...]
    next_step: str


CI_SYSTEMS: dict[str, CiSystem] = {
    system.name: system
    for system in (
        CiSystem("github", ((".github/workflows/shiftleft.yml", "github.yml.j2"),),
                 "commit it: the workflow runs on pushes to main and on pull requests"),
        CiSystem("gitlab", ((".gitlab/shiftleft.gitlab-ci.yml", "gitlab.yml.j2"),),
                 "include it from .gitlab-ci.yml:  include: [{local: .gitlab/shiftleft.gitlab-ci.yml}]"),
        CiSystem("azure", (("azure-pipelines.yml", "azure.yml.j2"),),
                 "create a pipeline from azure-pipelines.yml; install the SARIF SAST Scans Tab extension to "
                 "see the CodeAnalysisLogs artifact"),
        CiSystem("jenkins", (("Jenkinsfile", "Jenkinsfile.j2"),),
                 "point a multibranch pipeline at the Jenkinsfile (agents need python3 >= 3.10 and git)"),
        CiSystem("bitbucket", (("bitbucket-pipelines.yml", "bitbucket.yml.j2"),),
                 "enable Pipelines for the repository: the file runs on every branch and pull request"),
    )
}  # fmt: skip


class InitError(ShiftleftError):
    """A file ``init`` will not write (it exists, it is a link, a directory is in the way)."""


@dataclass(frozen=True)
class GeneratedFile:
    #: POSIX path relative to the project directory
    path: str
    text: str


def _environment() -> jinja2.Environment:
    import jinja2  # for ``init`` only: a scan does not load it

    # autoescape off: the output is YAML, Groovy and shell of our own templates, never HTML,
    # and every value put in is ours (the version, stage and tool names)
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        variable_start_string="[=",
        variable_end_string="=]",
        comment_start_string="{#=",
        comment_end_string="=#}",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701
    )


def render(ci: str | None, *, single_job: bool = False, config: bool = True) -> list[GeneratedFile]:
    """The files of ``init``: the starter config (unless ``config`` is false) and, for a
    CI system, its CI file; per-stage jobs, or one job scanning every stage."""
    if ci is not None and ci not in CI_SYSTEMS:
        raise InitError(f"unknown CI system {ci!r}; choose from: {', '.join(CI_SYSTEMS)}")
    env = _environment()
    values = {
        "version": __version__,
        "stages": list(CI_STAGES),
        "single_job": single_job,
        "stage_tools": STAGE_TOOLS,
        "all_tools": sorted({tool for tools in STAGE_TOOLS.values() for tool in tools}),
        "db_stages": sorted(DB_STAGES & set(CI_STAGES)),
    }
    files = []
    if config:
        files.append(GeneratedFile(CONFIG_FILE, env.get_template("shiftleft.yaml.j2").render(values)))
    if ci is not None:
        for path, template in CI_SYSTEMS[ci].files:
            files.append(GeneratedFile(path, env.get_template(template).render(values)))
    return files


def _refuse(path: str, why: str) -> InitError:
    return InitError(f"{path}: {why}")


def _check(root: Path, files: Sequence[GeneratedFile], force: bool) -> None:
    """Every file writable under the rule, before any is written (lstat only: no link is
    followed)."""
    for item in files:
        parts = PurePosixPath(item.path).parts
        current = root
        for depth, part in enumerate(parts):
            current = current / part
            shown = "/".join(parts[: depth + 1])
            try:
                st = os.lstat(current)
            except FileNotFoundError:
                break  # created below: nothing deeper exists either
            except OSError as exc:
                raise _refuse(shown, f"cannot inspect: {exc.strerror or 'refused'}") from None
            if stat.S_ISLNK(st.st_mode):
                raise _refuse(shown, "is a symbolic link: init never writes through a link (remove it first)")
            last = depth == len(parts) - 1
            if not last and not stat.S_ISDIR(st.st_mode):
                raise _refuse(shown, "exists and is not a directory")
            if last and not stat.S_ISREG(st.st_mode):
                raise _refuse(shown, "exists and is not a regular file")
            if last and not force:
                raise _refuse(shown, "already exists: not overwritten (use --force to replace it)")


def _shadowed_config(root: Path, files: Sequence[GeneratedFile]) -> str | None:
    """Another config file of shiftleft's in ``root`` that a new shiftleft.yaml would
    replace without a word (``load`` reads the first name of ``CONFIG_NAMES`` it finds)."""
    if not any(item.path == CONFIG_FILE for item in files):
        return None
    for name in CONFIG_NAMES:
        if name != CONFIG_FILE and os.path.lexists(root / name):
            return name
    pyproject = root / "pyproject.toml"
    try:
        if not stat.S_ISREG(os.lstat(pyproject).st_mode) or pyproject.stat().st_size > MAX_CONFIG_BYTES:
            return None
        data = tomllib.loads(pyproject.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None  # not a config shiftleft would read either
    tool = data.get("tool")
    return "pyproject.toml [tool.shiftleft]" if isinstance(tool, dict) and "shiftleft" in tool else None


_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)


def _open_dir(name: str, parent: int, shown: str) -> int:
    try:
        os.mkdir(name, 0o755, dir_fd=parent)
    except FileExistsError:
        pass
    try:
        return os.open(name, _DIR_FLAGS, dir_fd=parent)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise _refuse(shown, "is a symbolic link or not a directory: init never writes through a link") from None
        raise _refuse(shown, f"cannot open: {exc.strerror or 'refused'}") from None


def _write_one(root_fd: int, item: GeneratedFile, force: bool) -> None:
    """Write one file relative to ``root_fd``, each directory opened without following a
    link (``O_NOFOLLOW``), so a link swapped in after the check is refused too."""
    parts = PurePosixPath(item.path).parts
    fds = []
    parent = root_fd
    try:
        for depth, part in enumerate(parts[:-1]):
            parent = _open_dir(part, parent, "/".join(parts[: depth + 1]))
            fds.append(parent)
        flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | (os.O_TRUNC if force else os.O_EXCL)
        try:
            fd = os.open(parts[-1], flags, 0o644, dir_fd=parent)
        except FileExistsError:
            raise _refuse(item.path, "already exists: not overwritten (use --force to replace it)") from None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise _refuse(item.path, "is a symbolic link: init never writes through a link") from None
            raise _refuse(item.path, f"cannot write: {exc.strerror or 'refused'}") from None
        with os.fdopen(fd, "wb") as handle:
            handle.write(item.text.encode("utf-8"))
    finally:
        for fd in fds:
            os.close(fd)


def write(root: Path, files: Sequence[GeneratedFile], *, force: bool = False) -> list[Path]:
    """Write ``files`` under ``root`` (an existing directory the user named); all or none
    refused. Returns the paths written."""
    try:
        root_st = os.stat(root)
    except OSError:
        raise InitError(f"{root}: no such directory") from None
    if not stat.S_ISDIR(root_st.st_mode):
        raise InitError(f"{root}: not a directory")
    shadowed = _shadowed_config(root, files)
    if shadowed is not None:
        raise InitError(
            f"{shadowed}: shiftleft's config is already here, and a new {CONFIG_FILE} would "
            "take its place unseen: keep yours (--no-config writes only the CI file) or remove it"
        )
    _check(root, files, force)
    if not {os.open, os.mkdir} <= os.supports_dir_fd:  # Windows: the check above, then plain writes
        for item in files:
            target = root / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w" if force else "x", encoding="utf-8", newline="\n") as handle:
                handle.write(item.text)
        return [root / item.path for item in files]
    try:
        root_fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        raise InitError(f"{root}: cannot open: {exc.strerror or 'refused'}") from None
    try:
        for item in files:
            _write_one(root_fd, item, force)
    finally:
        os.close(root_fd)
    return [root / item.path for item in files]
