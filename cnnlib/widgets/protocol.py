"""The rules the kernel and the browser share, each written once in Python.

Their JavaScript twins are in cnnlib/widgets/js/protocol.js (shared by the
explorers' module and the static pages); both are checked against one table
of cases, tests/protocol_cases.json (pytest and ``node --test``): the
state key (table_key), slider clamping (clamp_slider), a value checked for
its control (control_value); and the ES module the browser runs (esm_source).
"""
import decimal
import importlib.resources
import json
import math
import numbers
import re

import traitlets

from cnnlib._checks import as_choice, as_int, describe, same_choice

JS = importlib.resources.files("cnnlib.widgets") / "js"
# explorer.js imports the shared rules; anywidget's module is one text, so
# esm_source() puts protocol.js in place of this line.
PROTOCOL_IMPORT = re.compile(r'^import \{[^}]*\} from "\./protocol\.js";\n', re.M)


def esm_source():
    """The explorers' ES module, as text (anywidget's _esm and the static
    pages): explorer.js with protocol.js inlined where it is imported."""
    explorer = (JS / "explorer.js").read_text(encoding="utf-8")
    protocol = (JS / "protocol.js").read_text(encoding="utf-8")
    source, found = PROTOCOL_IMPORT.subn(lambda _: protocol, explorer, count=1)
    if not found:
        raise RuntimeError("explorer.js no longer imports ./protocol.js")
    return source


class BadValue(traitlets.TraitError, ValueError):
    """A control value refused (a ValueError, and a TraitError so that
    traitlets puts the old value back)."""


class BadType(traitlets.TraitError, TypeError):
    """A control value of the wrong type (a TypeError, and a TraitError)."""


def js_number(x):
    """A float as JavaScript's Number#toString writes it (JSON.stringify
    too): the shortest digits that read back as x, fixed notation from 1e-7
    to 1e21, else 1.5e+21, 1e-7; -0 is 0."""
    if x == 0:
        return "0"
    sign, digits, exp = decimal.Decimal(repr(abs(x))).normalize().as_tuple()
    digits, sign = "".join(map(str, digits)), "-" if x < 0 else ""
    k, n = len(digits), len(digits) + exp          # x = 0.digits * 10**n
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * -n + digits
    mantissa = digits[0] + ("." + digits[1:] if k > 1 else "")
    return f"{sign}{mantissa}e{'+' if n > 0 else '-'}{abs(n - 1)}"


def _key_part(value, name):
    if value is None or isinstance(value, (bool, str)):
        text = json.dumps(value, ensure_ascii=False)
        # a lone surrogate: escaped, as JSON.stringify does
        return re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", text)
    if isinstance(value, numbers.Integral) and abs(value) <= 2 ** 53:
        return str(int(value))
    if isinstance(value, numbers.Real):
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number in a state key, got {value}")
        return js_number(float(value))
    raise TypeError(f"{name}: a state key holds numbers, strings, true/false or null, "
                    f"got {describe(value)}")


def table_key(values, names):
    """The key of a state: the values of the controls names (None where
    missing), as the JSON text JSON.stringify makes of them in the browser
    (1.0 is 1, 1e-07 is 1e-7). A value that is not a number, a string, a
    bool or None raises TypeError; NaN or infinity, ValueError."""
    return "[" + ",".join(_key_part(values.get(n), n) for n in names) + "]"


def clamp_slider(value, lo, hi, step=1):
    """A slider's position for value: within lo..hi, on its step (the last
    position at or below value, at least lo). A max narrowed under the value
    brings it to the new last position; a play button stops at the end.
    value must be a number (TypeError), not NaN (ValueError)."""
    for name, v in (("lo", lo), ("hi", hi), ("step", step)):
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not float(v).is_integer():
            raise TypeError(f"clamp_slider's {name} must be an integer, got {describe(v)}")
    lo, hi, step = int(lo), int(hi), int(step)
    if step < 1 or hi < lo:
        raise ValueError(f"a slider needs step >= 1 and hi >= lo, got lo={lo}, hi={hi}, "
                         f"step={step}")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"a slider's value must be a number, got {describe(value)}")
    if math.isnan(value):
        raise ValueError("a slider's value must be a number, got NaN")
    value = min(max(value, lo), hi)
    return int(lo + (value - lo) // step * step)


def control_value(spec, value):
    """value checked for the control described by spec, as the plain value to
    sync: a slider's a whole number (numpy ints too) from min to max on its
    step; a dropdown's one of its options (np.float64(0.5) gives 0.5).
    Anything else raises BadValue/BadType naming the control."""
    name, kind = spec["name"], spec["kind"]
    try:
        if kind == "slider":
            lo, hi, step = spec["min"], spec["max"], spec.get("step", 1)
            hint = (f"the slider's positions are {lo}..{hi}" if step == 1
                    else f"the slider's positions are {lo}, {lo + step}, ... {hi}")
            if "choices" in spec:
                hint = f"an index into {spec['choices']}"
            value = as_int(value, name, lo, hi, hint=hint)
            if (value - lo) % step:
                raise ValueError(f"{name} must be one of {list(range(lo, hi + 1, step))}, "
                                 f"got {value}")
            return value
        if kind == "dropdown":
            return as_choice(value, name, [v for _, v in spec["options"]])
    except TypeError as error:
        raise BadType(str(error)) from None
    except ValueError as error:
        raise BadValue(str(error)) from None
    raise BadType(f"{name} is a {kind} control and holds no value")


def choice_index(choices, value, name):
    """Where value is in choices (a slider's list of values), or a ValueError."""
    for i, c in enumerate(choices):
        if same_choice(value, c):
            return i
    raise ValueError(f"{name} must be one of {choices}, got {describe(value)}")
