"""The pre-commit hook's budgets (issue 14), measured side by side in one run:

- a 1-file Python change in a ~300-file repository: ``shiftleft hook FILE`` (the
  ``shiftleft`` hook id: secrets, semgrep, bandit) against semgrep alone on that one file
  with shiftleft's Python rule pack (budget: median <= 1.15x). semgrep alone is run as a
  user would (``semgrep scan`` with the pack's YAML files: the Python command line) and as
  the scan runs it (its OCaml command line, ``semgrep-core`` as ``osemgrep scan
  --experimental``, the pack as one JSON file: ~0.4 s on one file where the first takes ~6 s;
  the ratio against it says what the hook adds to semgrep's own work);
- a README-only commit: ``shiftleft hook --no-secrets README.md`` (the ``shiftleft-sast``
  hook id; nothing any of its scanners reads), absolute (budget: <= 0.5 s); the
  ``shiftleft-secrets`` and ``shiftleft`` ids on the same README are printed beside it for
  information (the secrets engine does read a README);
- re-running the ``shiftleft`` hook on the unchanged staged Python file (a result-cache hit
  for every scanner, budget <= 0.4 s).

Every run but the cache hits gets an empty result cache of its own (``SHIFTLEFT_CACHE_DIR``):
a commit changes the files it scans, so its scanners miss (before, the repeated runs hit
the cache left by the first one and the 1-file figure was a cache hit's). The budget rows
are those cold figures. Printed beside them for information, the *steady state* of a
developer's machine: each run gets a copy of a cache an earlier commit's hook filled (the
same file with other content), so every scanner still misses, but the redactor already
knows the clean lines of the rule metadata it has seen (``scanners/cache.py``:
``clean-lines.bin``) - what the second commit of the day pays.

The project is a real one from the package registry, never committed: by default the
sdist of Django 3.2.25 (``pip download --no-deps --no-binary :all: django==3.2.25``), cut to
its first ~300 files in a stable order (``django/contrib/admin``, ``auth``, ... until 300;
translations and static assets left out, so it reads as a Python project),
made into a git repository with one commit.

    python benchmarks/hook.py [--project DIR] [--files 300] [--repeat 5] [--work /tmp/hook-bench]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import median_wall_cpu, run_quiet

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SDIST = "django==3.2.25"
#: directories of the Django sdist taken in this order until the file count is reached
DJANGO_DIRS = ("django/contrib/admin", "django/contrib/auth", "django/contrib/contenttypes",
               "django/contrib/sessions", "django/contrib/messages", "django/core", "django/db")  # fmt: skip


def _fetch(work: Path) -> Path:
    """The unpacked Django sdist (downloaded once into ``work``)."""
    unpacked = work / "django-3.2.25"
    if unpacked.is_dir():
        return unpacked
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", SDIST,
                    "-d", str(work), "-q"], check=True)  # fmt: skip
    archive = next(work.glob("Django-3.2.25.tar.gz"))
    with tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
    found = next(p for p in work.iterdir() if p.is_dir() and p.name.lower() == "django-3.2.25")
    if found != unpacked:
        found.rename(unpacked)
    return unpacked


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.email=b@e", "-c", "user.name=bench",
                    "-c", "commit.gpgsign=false", *args], check=True, capture_output=True)  # fmt: skip


def _repository(source: Path, work: Path, count: int) -> tuple[Path, str]:
    """A git repository of ``count`` text files of ``source`` (one commit), and the Python
    file the benchmark changes."""
    repo = work / f"repo-{count}"
    if repo.exists():
        shutil.rmtree(repo)
    repo.mkdir()
    taken: list[Path] = []
    dirs = [source / d for d in DJANGO_DIRS] if (source / "django").is_dir() else [source]
    for directory in dirs:
        for path in sorted(directory.rglob("*")):
            if len(taken) >= count:
                break
            parts = set(path.relative_to(source).parts)
            if path.is_file() and not path.is_symlink() and not parts & {"locale", "static"} and path.suffix != ".mo":
                taken.append(path)
    for path in taken:
        dest = repo / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dest)
    (repo / "README.md").write_text("# benchmark project\n")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "benchmark project")
    python = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*.py") if p.stat().st_size > 2000)
    return repo, python[len(python) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, help="a project directory instead of the Django sdist")
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/hook-bench"))
    args = parser.parse_args()
    work = args.work.resolve()
    source = args.project.resolve() if args.project else _fetch(work)
    repo, changed = _repository(source, work, args.files)
    with (repo / changed).open("a") as fh:
        fh.write("\n\ndef _benchmark_added(value):\n    return value * 2\n")
    (repo / "README.md").write_text("# benchmark project\n\nOne more line.\n")
    _git(repo, "add", changed, "README.md")
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off",
           "XDG_CACHE_HOME": str(work / "cache"), "PYTHONPYCACHEPREFIX": str(work / "pycache")}  # fmt: skip
    # as installed (pip compiles byte code; semgrep's is): a source tree run with
    # PYTHONDONTWRITEBYTECODE would recompile every shiftleft module on every commit
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.path.insert(0, str(ROOT))
    from shiftleft.scanners.semgrep import osemgrep_command
    from shiftleft.scanners.semgrep_pack import bundled_rule_files, write_pack_json

    configs = [arg for rule in bundled_rule_files(["python"]) for arg in ("--config", str(rule))]
    pack_json = work / "python-pack.json"
    write_pack_json(["python"], pack_json)

    def semgrep_alone() -> None:
        """As a user runs it: ``semgrep`` with the pack's YAML files."""
        run_quiet([str(BIN / "semgrep"), "scan", "--json", "--metrics=off", "--disable-version-check", "--quiet",
                   *configs, changed], cwd=repo, env=env)  # fmt: skip

    command, executable = osemgrep_command(str(BIN / "semgrep"))

    def semgrep_as_scanned() -> None:
        """As the scan runs it (the stricter denominator): the pack as one JSON file, semgrep's
        OCaml command line (``semgrep-core`` as ``osemgrep``, ``scan --experimental``)."""
        run_quiet([*command, "--json", "--metrics=off", "--disable-version-check", "--quiet", "--jobs", "1",
                   "--config", str(pack_json), changed], cwd=repo, env=env, executable=executable)  # fmt: skip

    def hook(*flags: str, file: str = changed, cache: Path | None = None) -> None:
        with tempfile.TemporaryDirectory(dir=work) as fresh:  # a miss: an empty cache of its own
            run_env = {**env, "SHIFTLEFT_CACHE_DIR": str(cache or fresh)}
            code = run_quiet([sys.executable, "-m", "shiftleft", "hook", *flags, file], cwd=repo, env=run_env)
        if code not in (0, 1):
            raise SystemExit(f"shiftleft hook {' '.join(flags)} {file} exited {code}")

    semgrep_user, semgrep_user_cpu = median_wall_cpu(semgrep_alone, args.repeat)
    semgrep, semgrep_cpu = median_wall_cpu(semgrep_as_scanned, args.repeat)
    full, full_cpu = median_wall_cpu(hook, args.repeat)
    readme_sast, readme_sast_cpu = median_wall_cpu(lambda: hook("--no-secrets", file="README.md"), args.repeat)
    readme_secrets, readme_secrets_cpu = median_wall_cpu(lambda: hook("--secrets-only", file="README.md"), args.repeat)
    readme_full, readme_full_cpu = median_wall_cpu(lambda: hook(file="README.md"), args.repeat)
    warm = work / "warm-cache"
    shutil.rmtree(warm, ignore_errors=True)
    hook(cache=warm)  # fills it
    hit, hit_cpu = median_wall_cpu(lambda: hook(cache=warm), args.repeat)
    files = sum(1 for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts)
    print(f"project: {SDIST if args.project is None else source} cut to {files} files; changed file: {changed}")
    print(f"median of {args.repeat} runs, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          "wall seconds (CPU seconds of the processes)")  # fmt: skip
    print(f"semgrep alone on the file, as a user runs it (semgrep, the pack's YAML files): {semgrep_user:.2f} s "
          f"({semgrep_user_cpu:.2f} s CPU)")  # fmt: skip
    print(f"semgrep alone on the file, as the scan runs it (osemgrep, one JSON rule file): {semgrep:.2f} s "
          f"({semgrep_cpu:.2f} s CPU)")  # fmt: skip
    print(f"shiftleft hook on the file (secrets, semgrep, bandit): {full:.2f} s ({full_cpu:.2f} s CPU)")
    print(f"  ratio hook / semgrep as the scan runs it: {full / semgrep:.2f}x wall, {full_cpu / semgrep_cpu:.2f}x CPU"
          "  (budget <= 1.15x)")  # fmt: skip
    print(f"  ratio hook / semgrep as a user runs it: {full / semgrep_user:.2f}x wall, "
          f"{full_cpu / semgrep_user_cpu:.2f}x CPU (for information)")  # fmt: skip
    print(f"README-only commit, shiftleft-sast hook (--no-secrets): {readme_sast:.2f} s ({readme_sast_cpu:.2f} s CPU)"
          "  (budget <= 0.5 s)")  # fmt: skip
    print(f"README-only commit, shiftleft-secrets hook: {readme_secrets:.2f} s ({readme_secrets_cpu:.2f} s CPU)"
          "  (the secrets engine reads it)")  # fmt: skip
    print(f"README-only commit, shiftleft hook: {readme_full:.2f} s ({readme_full_cpu:.2f} s CPU)")
    print(f"re-run on the unchanged staged file, every scanner a cache hit: {hit:.2f} s ({hit_cpu:.2f} s CPU)"
          "  (budget <= 0.4 s)")  # fmt: skip
    sys.stdout.flush()  # the budget rows first: the steady-state runs below take a while
    # steady state: a cache filled by an earlier commit of the same files (other content)
    primed = work / "primed-cache"
    shutil.rmtree(primed, ignore_errors=True)
    staged = {name: (repo / name).read_text() for name in (changed, "README.md")}
    for name, text in staged.items():
        (repo / name).write_text(text + "\n# an earlier commit\n")
    _git(repo, "add", *staged)
    hook(file=changed, cache=primed)
    hook(file="README.md", cache=primed)
    for name, text in staged.items():
        (repo / name).write_text(text)
    _git(repo, "add", *staged)

    def from_primed(*flags: str, file: str = changed) -> tuple[float, float]:
        def once() -> None:
            with tempfile.TemporaryDirectory(dir=work) as fresh:  # a copy per run: each one a miss
                shutil.copytree(primed, Path(fresh) / "c")
                start = time.perf_counter()
                hook(*flags, file=file, cache=Path(fresh) / "c")
                timings.append(time.perf_counter() - start)

        timings: list[float] = []
        cpu = median_wall_cpu(once, args.repeat)[1]  # the copy is no child process: not in the CPU figure
        return statistics.median(timings), cpu

    steady, steady_cpu = from_primed()
    steady_secrets, steady_secrets_cpu = from_primed("--secrets-only", file="README.md")
    print("steady state (information; each run a miss from a copy of a cache an earlier commit filled):")
    print(f"  shiftleft hook on the file: {steady:.2f} s ({steady_cpu:.2f} s CPU), "
          f"{steady / semgrep:.2f}x semgrep alone")  # fmt: skip
    print(f"  README-only commit, shiftleft-secrets hook: {steady_secrets:.2f} s ({steady_secrets_cpu:.2f} s CPU)")


if __name__ == "__main__":
    main()
