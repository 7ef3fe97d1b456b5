"""The floors of the code (docs/architecture.md): each package imports only those below it.

    machinery  <-  courses  <-  trainees  <-  incubator  <-  outcomes

`machinery` knows none of the apps; no shipped package imports the benchmarks (the
benchmarks, the load test and the synthetic programme); no package imports another's
private names; no app's template links a page of an app above it.
"""

import ast
import re
from pathlib import Path

import pytest

from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["machinery", "courses", "trainees", "incubator", "outcomes"]
SHIPPED = [*LAYERS, "training_site"]
TOOLS = "benchmarks"


def python_files(package: str):
    return sorted((ROOT / package).rglob("*.py"))


def imports_of(path: Path):
    """(line, module, names) of every import in the file; names are those taken from it."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module, [alias.name for alias in node.names]


def top(module: str) -> str:
    return module.split(".", 1)[0]


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def upward_imports(package: str) -> list[str]:
    allowed = set(LAYERS[: LAYERS.index(package)])
    found = []
    for path in python_files(package):
        for line, module, _names in imports_of(path):
            if top(module) in LAYERS and top(module) != package and top(module) not in allowed:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return found


@pytest.mark.parametrize("package", LAYERS)
def test_no_package_imports_one_above_it(package):
    assert upward_imports(package) == []


def test_machinery_knows_no_app_nor_the_site():
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in python_files("machinery")
        for line, module, _names in imports_of(path)
        if top(module) in {*SHIPPED, TOOLS} - {"machinery"}
    ]
    assert found == []


@pytest.mark.parametrize("package", SHIPPED)
def test_no_shipped_package_imports_the_benchmarks(package):
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in python_files(package)
        for line, module, _names in imports_of(path)
        if top(module) == TOOLS or module.startswith("training_site.benchmarks")
    ]
    assert found == []


@pytest.mark.parametrize("package", [*SHIPPED, TOOLS])
def test_no_package_takes_private_names_of_another(package):
    found = []
    for path in python_files(package):
        for line, module, names in imports_of(path):
            if top(module) in {*SHIPPED, TOOLS} and top(module) != package:
                private = [name for name in names if is_private(name)]
                private += [part for part in module.split(".") if is_private(part)]
                if private:
                    found.append(f"{path.relative_to(ROOT)}:{line} takes {private} of {module}")
    assert found == []


def url_owners() -> dict[str, str]:
    """Each URL name and the package of the view it names."""
    owners = {}

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                callback = getattr(pattern.callback, "view_class", pattern.callback)
                owners.setdefault(f"{namespace}{pattern.name}", top(callback.__module__))

    walk(get_resolver().url_patterns)
    return owners


URL_TAG = re.compile(r"""{%\s*url\s+['"]([\w:-]+)['"]""")


@pytest.mark.parametrize("package", LAYERS)
def test_no_template_links_a_page_of_an_app_above_it(package):
    owners = url_owners()
    above = set(LAYERS[LAYERS.index(package) + 1 :])
    found = [
        f"{path.relative_to(ROOT)} links {name} ({owners[name]})"
        for path in sorted((ROOT / package).rglob("templates/**/*.html"))
        for name in URL_TAG.findall(path.read_text())
        if owners.get(name) in above
    ]
    assert found == []
