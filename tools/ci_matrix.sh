#!/usr/bin/env bash
# The unit tests (not the notebooks, the browser or the wheel install) on the edges of what
# pyproject.toml promises, each in a fresh virtual environment:
#   lowest  the oldest supported Python with the lowest allowed versions
#           (tools/ci_constraints_lowest.txt), the tests in REVERSE file order
#   newest  the newest supported Python with the newest versions, the tests
#           shuffled (pytest-randomly; the last line of its report names the
#           seed: --randomly-seed=N repeats the order)
# Usage: tools/ci_matrix.sh [lowest|newest]...   (both by default)
# The interpreters come from pyenv ($(pyenv root)/versions/3.X.*), or from
# CNNLIB_PYTHON_LOWEST / CNNLIB_PYTHON_NEWEST. `make test` shuffles too, so
# each CI run tries two shuffles and the reverse: no test may need another
# to have run first.
set -euo pipefail
cd "$(dirname "$0")/.."

OLDEST=3.11     # keep in step with requires-python (tests/test_setup.py checks)
NEWEST=3.13

find_python() {   # find_python 3.11 -> path of the newest installed 3.11.x
    local root
    root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
    ls -d "$root"/versions/"$1".*/bin/python 2>/dev/null | sort -V | tail -1
}

run() {   # run NAME PYTHON "PYTEST ARGS" [pip args...]
    local name=$1 python=$2 pytest_args=$3; shift 3
    if [ -z "$python" ] || [ ! -x "$python" ]; then
        echo "ci_matrix: no Python for the '$name' run (looked in pyenv; set CNNLIB_PYTHON_${name^^})" >&2
        return 1
    fi
    local venv start
    venv=$(mktemp -d "${TMPDIR:-/tmp}/cnnlib-$name-XXXXXX")
    start=$(date +%s)
    echo "== $name: $("$python" --version) in $venv (pytest ${pytest_args:-shuffled})"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --upgrade pip >/dev/null
    "$venv/bin/python" -m pip install --quiet "$@" -e ".[test]"
    "$venv/bin/python" -m pip list 2>/dev/null \
        | grep -iE '^(numpy|matplotlib|ipywidgets|pillow|anywidget|scikit-learn|pytest|hypothesis) ' \
        | tr -s ' ' | paste -sd ',' | sed "s/^/== $name versions: /"
    local status=0
    # shellcheck disable=SC2086
    MPLBACKEND=Agg nice "$venv/bin/python" -m pytest tests --ignore=tests/browser \
        -m "not install" -q --disable-warnings -n auto --dist loadfile $pytest_args || status=$?
    rm -rf "$venv"
    echo "== $name: $([ $status -eq 0 ] && echo passed || echo "FAILED (pytest exit $status)") in $(( $(date +%s) - start )) s"
    return $status
}

runs=("$@")
[ ${#runs[@]} -eq 0 ] && runs=(lowest newest)
failed=()
for r in "${runs[@]}"; do
    case $r in
        lowest) run lowest "${CNNLIB_PYTHON_LOWEST:-$(find_python $OLDEST)}" "-p no:randomly --reverse" \
                    -c tools/ci_constraints_lowest.txt || failed+=(lowest) ;;
        newest) run newest "${CNNLIB_PYTHON_NEWEST:-$(find_python $NEWEST)}" "" --upgrade \
                    || failed+=(newest) ;;
        *) echo "ci_matrix: unknown run '$r' (lowest or newest)" >&2; exit 2 ;;
    esac
done
# Every run goes to the end, so one report shows both edges.
if [ ${#failed[@]} -gt 0 ]; then
    echo "ci_matrix: failed: ${failed[*]}" >&2
    exit 1
fi
