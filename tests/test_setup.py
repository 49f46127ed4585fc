"""The set-up says one thing everywhere: pyproject.toml's dependencies and
lower bounds, environment.yml (Binder, conda), the lowest-versions constraints
CI installs, the Python versions in README, Makefile and CI; and a light import."""
import re
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]

RUNTIME = {"numpy", "matplotlib", "ipywidgets", "pillow", "anywidget", "scikit-learn", "tqdm",
           "threadpoolctl"}
LAB = {"jupyterlab", "jupyterlab-widgets", "ipykernel"}
# PyPI name -> conda-forge name, where they differ. conda-forge's `playwright`
# is the Node.js tool, not the Python library.
CONDA_FORGE = {"playwright": "playwright-python", "torch": "pytorch"}


def _name(spec):
    return re.split(r"[<>=!~ ;\[]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _specs(group):
    specs = PROJECT["dependencies"] if group == "runtime" else PROJECT["optional-dependencies"][group]
    return {_name(s): s.replace(" ", "").replace("_", "-").lower() for s in specs}


def _lower_bound(spec):
    m = re.search(r">=([\d.]+)", spec)
    return m and m.group(1)


def _environment():
    """(python spec, {conda name: spec}, raw text) of environment.yml."""
    text = (REPO / "environment.yml").read_text()
    specs = {}
    for line in text.split("dependencies:", 1)[1].splitlines():
        m = re.match(r"^\s*-\s+(\S+)\s*$", line)
        if m and m.group(1) != "pip":
            specs[_name(m.group(1))] = m.group(1).replace("_", "-").lower()
    return specs.pop("python"), specs, text


def test_the_library_depends_only_on_what_it_uses():
    assert set(_specs("runtime")) == RUNTIME
    assert set(_specs("lab")) == LAB, "JupyterLab and the kernel are the `lab` extra's"
    assert {"pytest", "nbval", "hypothesis", "nbformat", "nbclient", "nbconvert",
            "playwright", "pytest-randomly", "pytest-reverse", "pytest-xdist"} <= set(_specs("test"))
    assert set(_specs("bench")) == {"torch"}
    for group in ("runtime", "lab", "test", "bench"):
        for name, spec in _specs(group).items():
            assert _lower_bound(spec), f"{spec}: every dependency needs a checked lower bound"
            assert "<" not in spec, f"{spec}: no upper pins"


def test_ipywidgets_8_1_9_is_excluded_while_vs_code_shows_nothing_with_it():
    assert _specs("runtime")["ipywidgets"] == "ipywidgets>=8.1,!=8.1.9"
    readme = (REPO / "README.md").read_text()
    assert "8.1.9" in readme and "vscode-jupyter#17504" in readme


def test_lower_bounds_known_to_be_needed():
    bounds = {n: tuple(map(int, _lower_bound(s).split("."))) for n, s in _specs("runtime").items()}
    assert bounds["matplotlib"] >= (3, 8), "Figure.get_suptitle"
    assert bounds["pillow"] >= (9, 1), "Image.Quantize (the sliding animation in 01)"
    assert bounds["threadpoolctl"] >= (3, 0), "ThreadpoolController (cnnlib._threads)"


def test_the_lowest_versions_ci_installs_are_pyprojects_lower_bounds():
    pins = {}
    for line in (REPO / "tools" / "ci_constraints_lowest.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[_name(name)] = version.strip()
    specs = {**_specs("runtime"), **_specs("test")}
    assert set(pins) == set(specs), f"pinned: {sorted(pins)}; pyproject: {sorted(specs)}"
    for name, spec in specs.items():
        bound = _lower_bound(spec).split(".")
        pinned = pins[name].split(".")
        assert pinned == bound + ["0"] * (len(pinned) - len(bound)), f"{name}: {pins[name]} vs {spec}"


def test_one_python_range_everywhere():
    assert PROJECT["requires-python"] == ">=3.11"
    assert "(3, 11)" in (REPO / "Makefile").read_text()
    assert "Python ≥ 3.11" in (REPO / "README.md").read_text()
    matrix = (REPO / "tools" / "ci_matrix.sh").read_text()
    assert "OLDEST=3.11" in matrix and "NEWEST=3.13" in matrix
    assert "tools/ci_matrix.sh" in (REPO / ".ci" / "run").read_text()
    python, _, _ = _environment()
    assert re.fullmatch(r"python=3\.(1[1-3])", python), \
        f"Binder reads only python=3.X, within 3.11-3.13; got {python}"


def test_environment_yml_lists_the_runtime_and_lab_packages_as_pyproject():
    _, env, _ = _environment()
    wanted = {**_specs("runtime"), **_specs("lab")}
    assert set(env) == set(wanted), \
        f"only in pyproject: {set(wanted) - set(env)}; only in environment.yml: {set(env) - set(wanted)}"
    for name, spec in wanted.items():
        assert env[name] == spec, f"environment.yml {env[name]} vs pyproject {spec}"


def test_environment_yml_uses_conda_forge_names():
    _, env, text = _environment()
    assert "conda-forge" in text
    for pypi, conda in CONDA_FORGE.items():
        assert pypi not in env, f"conda-forge's {pypi!r} is not PyPI's; use {conda!r}"
    # Every PyPI name that differs on conda-forge is mapped, so adding a
    # test-only package here later gets the right name:
    every = {n for g in ("runtime", "lab", "test", "bench") for n in _specs(g)}
    assert set(CONDA_FORGE) <= every


def test_binder_installs_cnnlib_after_the_environment():
    _, _, text = _environment()
    assert "-e ." not in text, "repo2docker builds environment.yml before the repository is there"
    post = (REPO / "postBuild").read_text()
    assert "pip install --no-deps ." in post


def test_makefile_installs_the_lab_and_test_extras():
    assert '-e ".[lab,test]"' in (REPO / "Makefile").read_text()


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


def _recipe(target):
    """The prerequisites and command lines of a Makefile target."""
    text = (REPO / "Makefile").read_text()
    m = re.search(rf"^{re.escape(target)}:([^\n]*)\n((?:\t[^\n]*\n)*)", text, re.M)
    assert m, f"the Makefile has no {target} target"
    return m.group(1).split(), [line.strip() for line in m.group(2).splitlines()]


def test_the_test_tiers_together_run_every_test_and_ci_runs_them_all():
    """make test: neither browser nor install tests; test-browser and
    test-install: exactly those; test-all: the three; .ci/run: each of them
    and the lowest/newest matrix. A
    browser or install test outside its folder would be in no tier."""
    unit, browser, install = (_recipe(t)[1][0] for t in ("test", "test-browser", "test-install"))
    assert '-m "not browser and not install"' in unit and "tests notebooks" in unit
    assert "-n auto" in unit and "--dist loadfile" in unit
    assert browser.endswith("-m browser tests/browser") and install.endswith("-m install tests")
    assert set(_recipe("test-all")[0]) == {"test", "test-browser", "test-install"}
    ci = (REPO / ".ci" / "run").read_text()
    assert all(f"make {tier}" in ci for tier in _recipe("test-all")[0]), "CI runs every tier"
    assert "tools/ci_matrix.sh lowest newest" in ci
    marked = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly", "-m",
         "browser", "tests", "--ignore=tests/browser"],
        cwd=REPO, capture_output=True, text=True)
    assert "no tests ran" in marked.stdout or " deselected" in marked.stdout, marked.stdout[-500:]
    assert "::" not in marked.stdout, "a browser test outside tests/browser: make test-browser misses it"
