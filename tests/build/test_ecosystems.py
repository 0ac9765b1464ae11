"""Maven, Gradle, pylock.toml, bun.lock, composer.lock, Gemfile.lock and NuGet lockfiles:
parsers on fixtures with known answers, edge cases, and hostile input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shiftleft.inventory import bun, maven
from shiftleft.inventory.collect import collect, manifests, parse_file, parser_for
from shiftleft.inventory.model import Inventory, Package
from shiftleft.model import ScanTarget
from tests.build.test_inventory import files_of

ECO_PROJECT = Path(__file__).resolve().parent / "fixtures" / "eco-project"


@pytest.fixture(scope="module")
def inventory() -> Inventory:
    return collect(ScanTarget(root=ECO_PROJECT, files=files_of(ECO_PROJECT)))


def found(inv: Inventory, manifest: str) -> dict[tuple[str, str], Package]:
    return {(p.name, p.version): p for p in inv.packages if p.manifest == manifest}


def unassessed(inv: Inventory, manifest: str) -> dict[str, str]:
    return {u.name: u.reason for u in inv.unassessed if u.manifest == manifest}


def parse(name: str, text: str):  # type: ignore[no-untyped-def]
    return parse_file(name, text.encode())


# -- the fixture project -------------------------------------------------------------------


def test_every_new_manifest_is_read_and_none_is_listed_as_unsupported(inventory: Inventory) -> None:
    assert inventory.issues == ()
    assert set(inventory.manifests) == {
        "bun/bun.lock",
        "bun/package.json",
        "dotnet/packages.lock.json",
        "gradle/gradle.lockfile",
        "gradle/gradle/libs.versions.toml",
        "maven/module/pom.xml",
        "maven/pom.xml",
        "maven/stale/pom.xml",
        "php/composer.lock",
        "py/pylock.toml",
        "ruby/Gemfile.lock",
    }
    # the manifests beside their lockfiles are covered by them, not "no parser"
    for covered in ("gradle/build.gradle", "ruby/Gemfile", "dotnet/App.csproj"):
        assert covered in manifests(files_of(ECO_PROJECT)) and covered not in inventory.manifests


def test_pom(inventory: Inventory) -> None:
    got = found(inventory, "maven/pom.xml")
    assert {(n, v, p.line, p.scope) for (n, v), p in got.items()} == {
        ("org.apache.logging.log4j:log4j-core", "2.14.1", 45, None),  # ${log4j.version}
        ("com.fasterxml.jackson.core:jackson-databind", "2.9.8", 50, None),  # a property of a property
        ("com.example.demo:managed-lib", "3.1.0", 30, None),  # dependencyManagement: its <version> line
        ("org.example:demo-core", "1.0.0", 59, None),  # ${project.groupId}, ${project.version}
        ("junit:junit", "4.12", 78, "test"),  # kept, marked
    }
    why = unassessed(inventory, "maven/pom.xml")
    assert set(why) == {"com.example.demo:from-parent", "com.example.demo:ranged", "com.example.demo:elsewhere"}
    assert "parent POM org.example.platform:platform-parent:7" in why["com.example.demo:from-parent"]
    assert "BOM import org.example.bom:example-bom:5.0" in why["com.example.demo:from-parent"]
    assert "not fetched" in why["com.example.demo:from-parent"]
    assert "range" in why["com.example.demo:ranged"]
    assert "${undefined.version}" in why["com.example.demo:elsewhere"]
    assert inventory.project_licenses == (("maven/pom.xml", "Apache-2.0"),)


def test_gradle_lockfile_and_catalog(inventory: Inventory) -> None:
    lock = found(inventory, "gradle/gradle.lockfile")
    assert {(n, v, p.line, p.scope) for (n, v), p in lock.items()} == {
        ("com.google.guava:guava", "31.0-jre", 4, None),
        ("com.google.guava:failureaccess", "1.0.1", 5, None),
        ("org.apache.logging.log4j:log4j-core", "2.14.1", 6, None),
        ("junit:junit", "4.12", 7, "test"),  # only in test configurations
    }
    catalog = found(inventory, "gradle/gradle/libs.versions.toml")
    assert {(n, v, p.line) for (n, v), p in catalog.items()} == {
        ("com.google.guava:guava", "31.0-jre", 7),  # version.ref
        ("com.fasterxml.jackson.core:jackson-databind", "2.9.8", 8),  # group + name, {strictly}
        ("org.apache.commons:commons-text", "1.9", 10),  # "g:a:v" string
    }
    why = unassessed(inventory, "gradle/gradle/libs.versions.toml")
    assert set(why) == {"org.slf4j:slf4j-api", "org.springframework:spring-core", "com.example:dynamic"}
    assert "no version" in why["org.springframework:spring-core"]
    assert "1.+" in why["com.example:dynamic"]


def test_composer_lock(inventory: Inventory) -> None:
    got = found(inventory, "php/composer.lock")
    assert {(n, v, p.line, p.scope, p.licenses) for (n, v), p in got.items()} == {
        ("Monolog/Monolog", "1.0.0", 6, None, ("MIT",)),
        ("symfony/http-foundation", "v5.4.0", 13, None, ("(MIT OR GPL-2.0-or-later)",)),
        ("phpunit/phpunit", "9.5.0", 31, "dev", ("BSD-3-Clause",)),
    }
    assert got[("Monolog/Monolog", "1.0.0")].hashes == (("SHA-1", "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"),)
    assert got[("symfony/http-foundation", "v5.4.0")].hashes == ()  # an empty shasum claims nothing
    assert got[("Monolog/Monolog", "1.0.0")].purl == "pkg:composer/monolog/monolog@1.0.0"
    why = unassessed(inventory, "php/composer.lock")
    assert "development branch" in why["acme/tooling"] and "path repository" in why["acme/local"]


def test_gemfile_lock(inventory: Inventory) -> None:
    got = found(inventory, "ruby/Gemfile.lock")
    assert {(n, v, p.line) for (n, v), p in got.items()} == {
        ("nokogiri", "1.13.3", 16),  # platform gems: one version, the first line
        ("racc", "1.6.0", 20),
        ("rack", "2.2.3", 21),
    }
    assert got[("rack", "2.2.3")].hashes == (("SHA-256", "1b" * 32),)  # CHECKSUMS section
    why = unassessed(inventory, "ruby/Gemfile.lock")
    assert set(why) == {"actioncable"} and "git source" in why["actioncable"]  # PATH remote "." is the app


def test_nuget_lock(inventory: Inventory) -> None:
    got = found(inventory, "dotnet/packages.lock.json")
    assert set(got) == {("Newtonsoft.Json", "9.0.1"), ("System.Text.Json", "8.0.4")}  # one per id, any case
    (alg, digest) = got[("Newtonsoft.Json", "9.0.1")].hashes[0]
    assert alg == "SHA-512" and len(digest) == 128
    assert got[("System.Text.Json", "8.0.4")].hashes == ()  # a contentHash that is not base64: dropped
    assert got[("Newtonsoft.Json", "9.0.1")].purl == "pkg:nuget/Newtonsoft.Json@9.0.1"


def test_pylock(inventory: Inventory) -> None:
    got = found(inventory, "py/pylock.toml")
    assert {(n, v, p.line) for (n, v), p in got.items()} == {("Demo_Pkg", "1.1.0", 6), ("safe-pkg", "2.0.0", 27)}
    assert got[("Demo_Pkg", "1.1.0")].hashes == (("SHA-256", "3d" * 32), ("SHA-256", "2c" * 32))  # sdist, wheel
    assert "VCS" in unassessed(inventory, "py/pylock.toml")["from-git"]
    assert parser_for("sub/pylock.dev.toml") is not None and parser_for("pylock.a.b.toml") is None


def test_bun_lock(inventory: Inventory) -> None:
    got = found(inventory, "bun/bun.lock")
    assert {(n, v, p.line) for (n, v), p in got.items()} == {("lodash", "4.17.20", 13), ("@acme/util", "2.0.0", 14)}
    assert got[("lodash", "4.17.20")].hashes[0][0] == "SHA-512"
    assert got[("@acme/util", "2.0.0")].hashes == ()  # "sha512-notvalid"
    assert set(unassessed(inventory, "bun/bun.lock")) == {"gitdep"}  # the workspace is the project itself
    # package.json's range is pinned by bun.lock beside it: not reported twice
    assert not [u for u in inventory.unassessed if u.manifest == "bun/package.json"]


def test_multi_module_pom_takes_versions_from_its_parent_in_the_tree(inventory: Inventory) -> None:
    got = found(inventory, "maven/module/pom.xml")
    assert set(got) == {
        ("org.apache.logging.log4j:log4j-core", "2.14.1"),  # the parent's <properties>
        ("com.example.demo:managed-lib", "3.1.0"),  # the parent's <dependencyManagement>
        ("org.example:sibling", "1.0.0"),  # groupId and version inherited from <parent>
    }
    why = unassessed(inventory, "maven/module/pom.xml")
    assert "parent POM(s) maven/pom.xml" in why["com.example.demo:from-parent"]
    assert "org.example.platform:platform-parent:7" in why["com.example.demo:from-parent"]  # the first one outside
    # <parent> names demo-app 0.9.0, the tree holds 1.0.0: Maven would fetch 0.9.0, so neither do we use it
    assert "${log4j.version}" in unassessed(inventory, "maven/stale/pom.xml")["org.apache.logging.log4j:log4j-core"]


def _poms(tmp_path: Path, files: dict[str, str]) -> Inventory:
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    return collect(ScanTarget(root=tmp_path, files=tuple(sorted(files))))


def _pom(artifact: str, parent: str = "", body: str = "") -> str:
    return (
        f"<project><groupId>g</groupId><artifactId>{artifact}</artifactId><version>1</version>{parent}{body}</project>"
    )


DEP = (
    "<dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><version>${v}</version>"
    "</dependency></dependencies>"
)


def test_parent_poms_cycles_and_paths_leaving_the_tree_are_bounded(tmp_path: Path) -> None:
    def parent(artifact: str, rel: str | None = None) -> str:
        where = "" if rel is None else f"<relativePath>{rel}</relativePath>"
        return f"<parent><groupId>g</groupId><artifactId>{artifact}</artifactId><version>1</version>{where}</parent>"

    inv = _poms(
        tmp_path,
        {
            "a/pom.xml": _pom("a", parent("b", "../b"), DEP),  # a -> b -> a: a cycle
            "b/pom.xml": _pom("b", parent("a", "../a/pom.xml"), "<properties><v>2.0</v></properties>"),
            "c/pom.xml": _pom("c", parent("a", "../../../../etc"), DEP),  # leaves the tree
            "d/pom.xml": _pom("d", parent("b", ""), DEP),  # empty relativePath: repository only
            "pom.xml": _pom("root", "", "<properties><v>3.0</v></properties>"),
            "e/pom.xml": _pom("e", parent("root"), DEP),  # default ../pom.xml
        },
    )
    versions = {(p.manifest, p.version) for p in inv.packages}
    assert versions == {("a/pom.xml", "2.0"), ("e/pom.xml", "3.0")}
    assert {u.manifest for u in inv.unassessed} == {"c/pom.xml", "d/pom.xml"}


def test_a_long_parent_chain_stops_at_the_bound(tmp_path: Path) -> None:
    files = {"m0/pom.xml": _pom("m0", "", "<properties><v>9.9</v></properties>")}
    for i in range(1, maven.MAX_PARENTS + 5):
        parent = (
            f"<parent><groupId>g</groupId><artifactId>m{i - 1}</artifactId><version>1</version>"
            f"<relativePath>../m{i - 1}</relativePath></parent>"
        )
        files[f"m{i}/pom.xml"] = _pom(f"m{i}", parent, DEP)
    inv = _poms(tmp_path, files)
    near = next(p for p in inv.packages if p.manifest == "m3/pom.xml")
    assert near.version == "9.9"
    assert any(u.manifest == f"m{maven.MAX_PARENTS + 4}/pom.xml" for u in inv.unassessed)


# -- edge cases ------------------------------------------------------------------------------


def test_pom_without_namespace_and_with_latin1_declaration() -> None:
    text = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<project><version>2</version><dependencies>\n'
        "<dependency><groupId>g</groupId><artifactId>a</artifactId><version>${project.version}</version>"
        "<scope>provided</scope></dependency>\n</dependencies></project>\n"
    )
    result = parse("pom.xml", text)
    assert [(p.name, p.version, p.line, p.scope) for p in result.packages] == [("g:a", "2", 3, "provided")]


def test_pom_version_from_parent_written_in_the_file() -> None:
    text = (
        "<project><parent><groupId>p</groupId><artifactId>parent</artifactId><version>9.1</version></parent>"
        "<dependencies><dependency><groupId>${project.groupId}</groupId><artifactId>sibling</artifactId>"
        "<version>${project.version}</version></dependency></dependencies></project>"
    )
    assert [(p.name, p.version) for p in parse("pom.xml", text).packages] == [("p:sibling", "9.1")]


def test_pom_profiles_and_managed_scope() -> None:
    text = (
        "<project><dependencyManagement><dependencies><dependency><groupId>g</groupId><artifactId>t</artifactId>"
        "<version>1.0</version><scope>test</scope></dependency></dependencies></dependencyManagement>"
        "<dependencies><dependency><groupId>g</groupId><artifactId>t</artifactId></dependency></dependencies>"
        "<profiles><profile><dependencies><dependency><groupId>g</groupId><artifactId>p</artifactId>"
        "<version>2.0</version></dependency></dependencies></profile></profiles></project>"
    )
    got = {(p.name, p.version, p.scope) for p in parse("pom.xml", text).packages}
    assert got == {("g:t", "1.0", "test"), ("g:p", "2.0", None)}


def test_pom_without_parent_says_so() -> None:
    text = (
        "<project><dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId></dependency>"
        "</dependencies></project>"
    )
    result = parse("pom.xml", text)
    assert result.packages == () and "no version declared" in result.unassessed[0].reason


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("<settings/>", "not a Maven POM"),
        ("<project><dependencies>", "not well-formed"),
        ("not xml at all", "not well-formed"),
        ("", "not well-formed"),
    ],
)
def test_pom_garbage_is_an_issue(text: str, why: str) -> None:
    result = parse("pom.xml", text)
    assert result.packages == () and why in result.issues[0].message


def test_gradle_lockfile_edges() -> None:
    assert parse("gradle.lockfile", "# only comments\nempty=\n").packages == ()
    assert parse("gradle.lockfile", "").issues == ()
    assert "not a Gradle lockfile" in parse("gradle.lockfile", "hello world\n").issues[0].message
    mixed = parse("gradle.lockfile", "g:a:1.0=testRuntimeClasspath,runtimeClasspath\n")
    assert [(p.name, p.scope) for p in mixed.packages] == [("g:a", None)]  # runtime too: not test-only
    for name in ("buildscript-gradle.lockfile", "settings-gradle.lockfile"):  # the build's own classpath
        assert [p.name for p in parse(name, "p:q:1.0=classpath\n").packages] == ["p:q"]


def test_catalog_edges() -> None:
    text = (
        '[versions]\nloop = { ref = "loop" }\nprefer = { prefer = "1.0" }\n'
        '[libraries]\na = { module = "g:a", version.ref = "missing" }\n'
        'b = { module = "g:b", version.ref = "prefer" }\n'
        'c = { module = "g:c", version = { require = "2.0" } }\n'
        'd = "not-a-module"\n'
    )
    result = parse("gradle/libs.versions.toml", text)
    assert [(p.name, p.version) for p in result.packages] == [("g:c", "2.0")]
    assert {u.name for u in result.unassessed} == {"g:a", "g:b"}
    assert parser_for("gradle/deps.versions.toml") is not None and parser_for("deps.versions.toml") is None


def test_composer_edges() -> None:
    assert "not a composer.lock" in parse("composer.lock", "{}").issues[0].message
    assert "not valid JSON" in parse("composer.lock", "{").issues[0].message
    odd = parse("composer.lock", '{"packages": [{"name": "a/b", "version": "1.0.x-dev"}, 7, {"name": 3}]}')
    assert odd.packages == () and odd.unassessed[0].name == "a/b"


def test_gemfile_lock_edges() -> None:
    assert parse("Gemfile.lock", "GEM\n  remote: https://x/\n  specs:\n\nPLATFORMS\n  ruby\n").packages == ()
    assert "not a Gemfile.lock" in parse("Gemfile.lock", "hello\n").issues[0].message
    text = "PATH\n  remote: ../engines/admin\n  specs:\n    admin (1.0.0)\n"
    assert "local path" in parse("gems.locked", text).unassessed[0].reason


def test_nuget_and_pylock_edges() -> None:
    assert "not a NuGet" in parse("packages.lock.json", '{"version": 1}').issues[0].message
    text = '{"version": 1, "dependencies": {"net8.0": {"A": {"type": "Direct"}}}}'
    assert "no resolved version" in parse("packages.lock.json", text).unassessed[0].reason
    assert "lock-version" in parse("pylock.toml", '[[packages]]\nname = "a"\nversion = "1"\n').issues[0].message
    text = 'lock-version = "1.0"\n[[packages]]\nname = "a"\n[packages.archive]\nurl = "https://x/a.tgz"\n'
    assert "archive" in parse("pylock.toml", text).unassessed[0].reason


def test_jsonc_keeps_strings_and_drops_comments_and_trailing_commas() -> None:
    text = '{"a": "x // not a comment, }", /* c */ "b": [1, 2,], // end\n "c": "\\" ,]",}'
    assert "".join(bun.strip_jsonc(text).split()) == '{"a":"x//notacomment,}","b":[1,2],"c":"\\",]"}'
    assert bun.strip_jsonc('[1 /* a */, 2 // b\n, 3,\n]') == "[1 , 2 \n, 3\n]"


def test_bun_lock_edges() -> None:
    assert "not valid JSONC" in parse("bun.lock", '{"packages": {"a": ["a@1.0.0"]').issues[0].message
    assert "not valid JSONC" in parse("bun.lock", '{"packages": /* open').issues[0].message
    assert parse("bun.lock", '{"lockfileVersion": 1}').packages == ()
    aliased = parse("bun.lock", '{"packages": {"alias": ["real@1.2.3", "", {}, ""]}}')
    assert [(p.name, p.version) for p in aliased.packages] == [("real", "1.2.3")]


# -- hostile input ---------------------------------------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE project [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
    + "]>\n<project><properties><x>&lol9;</x></properties></project>\n"
)
XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    "<project><dependencies><dependency><groupId>&xxe;</groupId><artifactId>a</artifactId>"
    "<version>1</version></dependency></dependencies></project>\n"
)


@pytest.mark.parametrize("text", [BILLION_LAUGHS, XXE, '<!DOCTYPE project SYSTEM "http://x/evil.dtd"><project/>'])
def test_pom_with_a_dtd_is_refused_before_any_expansion(text: str) -> None:
    start = time.perf_counter()
    result = parse("pom.xml", text)
    assert time.perf_counter() - start < 1.0
    assert result.packages == () and "DTD" in result.issues[0].message
    assert "root:" not in repr(result)  # nothing of /etc/passwd


def test_deep_and_wide_pom_is_refused_bounded() -> None:
    deep = "<project>" + "<a>" * 200_000 + "</a>" * 200_000 + "</project>"
    start = time.perf_counter()
    assert "deeper than" in parse("pom.xml", deep).issues[0].message
    wide = "<project>" + "<a/>" * (maven.MAX_ELEMENTS + 1) + "</project>"
    assert "more than" in parse("pom.xml", wide).issues[0].message
    assert time.perf_counter() - start < 10.0


def test_property_bombs_stay_bounded() -> None:
    props = "".join(f"<p{i}>${{p{i + 1}}}${{p{i + 1}}}</p{i}>" for i in range(60)) + "<p60>x</p60><loop>${loop}</loop>"
    text = (
        f"<project><properties>{props}</properties><dependencies>"
        "<dependency><groupId>g</groupId><artifactId>a</artifactId><version>${p0}</version></dependency>"
        "<dependency><groupId>g</groupId><artifactId>b</artifactId><version>${loop}</version></dependency>"
        "</dependencies></project>"
    )
    start = time.perf_counter()
    result = parse("pom.xml", text)
    assert time.perf_counter() - start < 2.0
    assert result.packages == () and {u.name for u in result.unassessed} == {"g:a", "g:b"}
    assert all(len(u.reason) < 400 for u in result.unassessed)


def test_huge_lockfiles_parse_in_linear_time() -> None:
    n = 10_000
    gradle = "".join(f"g{i}:a{i}:1.{i}=runtimeClasspath\n" for i in range(n))
    gems = "GEM\n  specs:\n" + "".join(f"    gem{i} (1.{i})\n      dep (>= 0)\n" for i in range(n))
    bun_text = '{"packages": {' + "".join(f'"p{i}": ["p{i}@1.0.{i}", "", {{}}, "sha512-x"],\n' for i in range(n)) + "}}"
    start = time.perf_counter()
    assert len(parse("gradle.lockfile", gradle).packages) == n
    assert len(parse("Gemfile.lock", gems).packages) == n
    assert len(parse("bun.lock", bun_text).packages) == n
    assert time.perf_counter() - start < 20.0


def test_jsonc_stripping_is_linear_on_pathological_input() -> None:
    start = time.perf_counter()
    for text in ("," * 500_000, ", " * 250_000 + "}", '"' + "\\" * 500_001, "/" * 500_000):
        bun.strip_jsonc(text) if not text.startswith("/*") else None
    assert time.perf_counter() - start < 5.0


def test_deeply_nested_bun_lock_is_an_issue() -> None:
    text = '{"packages": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert parse("bun.lock", text).issues


NEW_NAMES = ["pom.xml", "gradle.lockfile", "gradle/libs.versions.toml", "pylock.toml", "bun.lock",
             "composer.lock", "Gemfile.lock", "packages.lock.json"]  # fmt: skip
fragments = st.sampled_from(
    [
        "<project>", "</project>", "<dependency>", "<version>${a}</version>", "<!DOCTYPE x>", "&amp;",
        "[[packages]]", 'lock-version = "1.0"', 'name = "a"', 'version = "1"', "GEM", "  specs:",
        "    a (1.0)", "g:a:1=c", "empty=", '{"packages": [', '{"dependencies": {', "],", "}", ",",
        "/*", "//", '"', "<<<<<<< HEAD", "[libraries]", 'a = "g:a:1"',
    ]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(NEW_NAMES), lines=st.lists(fragments | st.text(max_size=20), max_size=20))
def test_hostile_text_never_crashes(name: str, lines: list[str]) -> None:
    result = parse_file(name, "\n".join(lines).encode("utf-8", "replace"))
    assert all(p.line >= 1 and p.version for p in result.packages)


def test_symlinked_manifest_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "pom.xml").write_text(
        "<project><dependencies><dependency><groupId>g</groupId><artifactId>secret</artifactId>"
        "<version>1</version></dependency></dependencies></project>"
    )
    root = tmp_path / "repo"
    root.mkdir()
    (root / "pom.xml").symlink_to(outside / "pom.xml")
    inv = collect(ScanTarget(root=root, files=("pom.xml",)))
    assert inv.packages == () and "symbolic link" in inv.issues[0].message
