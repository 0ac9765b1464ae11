"""Fixture builders for the coverage boundary: repositories built so that a naive scan
would read "clean" although something was not looked at. One builder per attack class.

Every builder writes only under the directory it is given; code in a fixture (setup.py,
conanfile.py) would create ``marker`` if anything ever ran it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

#: recognised manifests without a parser: (relative path, content)
UNSUPPORTED: dict[str, str] = {
    "build.gradle": "dependencies { implementation 'org.apache.logging.log4j:log4j-core:2.14.1' }\n",
    "app/build.gradle.kts": 'dependencies { implementation("com.google.guava:guava:31.0-jre") }\n',
    "settings.gradle": "include 'app'\n",
    "ruby/Gemfile": "gem 'rails', '6.0.0'\n",
    "php/composer.json": '{"require": {"monolog/monolog": "1.0.0"}}\n',
    "dotnet/App.csproj": '<Project><ItemGroup><PackageReference Include="Newtonsoft.Json" Version="9.0.1"/>'
    "</ItemGroup></Project>\n",
    "dotnet/old/packages.config": '<packages><package id="jQuery" version="1.4.1"/></packages>\n',
    "ex/mix.lock": '%{"plug": {:hex, :plug, "1.0.0"}}\n',
    "swift/Package.resolved": '{"pins": []}\n',
    "dart/pubspec.lock": "packages:\n  http:\n    version: 0.12.0\n",
    "cpp/conanfile.txt": "[requires]\nzlib/1.2.11\n",
    "cpp2/vcpkg.json": '{"dependencies": ["openssl"]}\n',
    "py/Pipfile": '[packages]\nrequests = "==2.0.0"\n',
    "py/pdm.lock": "# pdm lock\n",
}


#: manifests that had no parser before issue 10 and are parsed now: (relative path, content)
PARSED: dict[str, str] = {
    "pom.xml": "<project><dependencies><dependency><groupId>org.apache.logging.log4j</groupId>"
    "<artifactId>log4j-core</artifactId><version>2.14.1</version></dependency></dependencies></project>\n",
    "gradle.lockfile": "org.apache.logging.log4j:log4j-core:2.14.1=compileClasspath\n",
    "ruby/Gemfile.lock": "GEM\n  specs:\n    rails (6.0.0)\n",
    "php/composer.lock": '{"packages": [{"name": "monolog/monolog", "version": "1.0.0"}]}\n',
    "dotnet/packages.lock.json": '{"version": 1, "dependencies": {"net8.0": {"Newtonsoft.Json": '
    '{"type": "Direct", "resolved": "9.0.1"}}}}\n',
}


def unsupported_repo(root: Path, marker: Path, names: tuple[str, ...] | None = None) -> Path:
    """Only manifests shiftleft has no parser for (by default all of them), plus Python
    build files that would write ``marker`` if they were ever run."""
    for rel, text in UNSUPPORTED.items():
        if names is None or rel in names:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
    if names is None:
        code = f"open({str(marker)!r}, 'w').write('setup.py ran')\n"
        (root / "pysetup").mkdir()
        (root / "pysetup" / "setup.py").write_text(code + "setup(install_requires=['requests==2.0.0'])\n")
        (root / "pysetup" / "setup.cfg").write_text("[options]\ninstall_requires =\n    flask==0.1\n")
        (root / "cpp3").mkdir()
        (root / "cpp3" / "conanfile.py").write_text(code)
    return root


def maven_only(root: Path) -> Path:
    """A Maven + Gradle project with a vulnerable log4j (in pom.xml and gradle.lockfile; the
    Gradle scripts beside the lockfile are covered by it)."""
    for rel in ("pom.xml", "gradle.lockfile"):
        (root / rel).write_text(PARSED[rel])
    return unsupported_repo(root, root / "unused", ("build.gradle", "settings.gradle"))


def gradle_without_lockfile(root: Path) -> Path:
    """Gradle build scripts and no lockfile: nothing shiftleft can parse."""
    return unsupported_repo(root, root / "unused", ("build.gradle", "settings.gradle", "app/build.gradle.kts"))


PYPROJECT = '[project]\nname = "victim"\nversion = "1.0"\ndependencies = ["demo-pkg==1.1", "safe-pkg==2.0.0"]\n'


def empty_lock(root: Path, lock: str = "poetry.lock", text: str = "") -> Path:
    """pyproject.toml pins a vulnerable demo-pkg; the lockfile beside it lists nothing, which
    used to hide the pins (the lockfile "takes over" from the manifest)."""
    (root / "pyproject.toml").write_text(PYPROJECT)
    (root / lock).write_text(text)
    return root


def truncated_poetry_lock(root: Path) -> Path:
    """A poetry.lock cut after its first package: no [metadata], demo-pkg missing."""
    (root / "pyproject.toml").write_text(PYPROJECT)
    (root / "poetry.lock").write_text('[[package]]\nname = "safe-pkg"\nversion = "2.0.0"\n')
    return root


def stale_package_lock(root: Path) -> Path:
    """package.json declares lodash; the package-lock.json beside it does not have it."""
    (root / "package.json").write_text(json.dumps({"name": "app", "dependencies": {"lodash": "4.17.20"}}))
    (root / "package-lock.json").write_text(
        json.dumps(
            {"name": "app", "lockfileVersion": 3, "packages": {"": {}, "node_modules/left-pad": {"version": "1.3.0"}}}
        )
    )
    return root


def npm_only(root: Path, count: int = 50) -> Path:
    """An npm lockfile only: scanned with a PyPI-only advisory database, nothing is checked."""
    packages: dict[str, object] = {"": {}}
    for i in range(count):
        packages[f"node_modules/pkg{i}"] = {"version": "1.0.0"}
    (root / "package-lock.json").write_text(json.dumps({"name": "a", "lockfileVersion": 3, "packages": packages}))
    return root


def dpkg_status(count: int) -> str:
    return "".join(f"Package: pkg{i}\nStatus: install ok installed\nVersion: 1.{i}-1\n\n" for i in range(count))


def hidden_code(root: Path, dirs: int = 3, files: int = 20) -> Path:
    """Code under default-excluded directories (venv/, node_modules/, .venv/, .tox/) and one
    ordinary file."""
    (root / "app.py").write_text("x = 1\n")
    for name in ("venv", "node_modules", ".venv", ".tox")[: dirs + 1]:
        d = root / name / "lib"
        d.mkdir(parents=True)
        for i in range(files):
            (d / f"m{i}.py").write_text("import os\nos.system(input())\n")
    return root


def many_node_modules(root: Path, count: int) -> Path:
    """``count`` packages, each with its own node_modules directory: the skipped list must
    stay bounded (one entry per directory, capped)."""
    for i in range(count):
        d = root / "packages" / f"p{i}" / "node_modules"
        d.mkdir(parents=True)
        (d / "x.js").write_text("x\n")
    return root


def nested(root: Path, depth: int) -> Path:
    """``depth`` nested directories with a file at the bottom. Built one mkdir at a time
    (os.makedirs recurses and would itself hit the recursion limit)."""
    (root / "top.py").write_text("x = 1\n")
    current = str(root)
    for _ in range(depth):
        current = os.path.join(current, "d")
        os.mkdir(current)
    Path(current, "bottom.py").write_text("y = 2\n")
    return root


def remove_nested(root: Path) -> None:
    """Undo ``nested`` bottom-up without recursion: shutil.rmtree (and so pytest's own
    clean-up of old temporary directories) recurses once per level and would crash."""
    levels = [str(root)]
    while os.path.isdir(os.path.join(levels[-1], "d")):
        levels.append(os.path.join(levels[-1], "d"))
    for level in reversed(levels[1:]):
        for name in os.listdir(level):
            if not os.path.isdir(os.path.join(level, name)):
                os.unlink(os.path.join(level, name))
        os.rmdir(level)


def wide(root: Path, count: int) -> Path:
    """``count`` small files in one directory (the entry limit, scaled down by the test)."""
    for i in range(count):
        (root / f"f{i:05d}.txt").write_text("x\n")
    return root


TERRAFORM = 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n'


def terraform_only(root: Path) -> Path:
    """Infrastructure code without a single Kubernetes manifest: checkov runs (on Terraform),
    but has nothing to say about container runtime settings."""
    (root / "main.tf").write_text(TERRAFORM)
    return root
