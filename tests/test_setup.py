"""The set-up: environment.yml in step with pyproject.toml, and a light import."""
import re
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _name(spec):
    return re.split(r"[<>=!~ \[]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject_packages():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"]) + list(project["optional-dependencies"]["test"])
    return {_name(s): s.replace(" ", "") for s in specs}


def _environment_packages():
    specs = {}
    text = (REPO / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        m = re.match(r"^\s*-\s+([A-Za-z][\w.-]*\S*)\s*$", line)
        if m and not line.strip().startswith("- -e") and m.group(1) not in ("pip", "pip:"):
            specs[_name(m.group(1))] = m.group(1)
    specs.pop("python", None)
    return specs


def test_environment_yml_lists_the_same_packages_as_pyproject():
    py, env = _pyproject_packages(), _environment_packages()
    assert set(env) == set(py), f"only in pyproject: {set(py) - set(env)}; only in environment.yml: {set(env) - set(py)}"
    for name in py:
        assert env[name].replace("_", "-").lower() == py[name].replace("_", "-").lower(), name


def test_widget_versions_known_to_work_together():
    py = _pyproject_packages()
    assert py["ipywidgets"] == "ipywidgets>=8.0"
    assert py["jupyterlab-widgets"].lower().replace("_", "-") == "jupyterlab-widgets>=3.0"
    assert py["jupyterlab"] == "jupyterlab>=4.0"
    assert not any("<" in s for s in py.values()), "no upper pins"


def test_importing_the_maths_loads_neither_matplotlib_nor_ipywidgets():
    code = ("import sys, cnnlib; "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_cnnlib_is_installed_not_path_hacked():
    import cnnlib
    assert Path(cnnlib.__file__).resolve().parent == REPO / "cnnlib"
    out = subprocess.run([sys.executable, "-c", "import cnnlib"], cwd="/", capture_output=True)
    assert out.returncode == 0


def test_readme_opens_with_the_two_commands():
    head = (REPO / "README.md").read_text()[:1500]
    assert "make lab" in head and "make test" in head
