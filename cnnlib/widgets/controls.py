"""The control factories: the specs an explorer gives Explorer.__init__
(see the protocol in cnnlib/widgets/base.py)."""
from cnnlib._checks import as_choice
from cnnlib.widgets.protocol import choice_index


def slider_control(name, label, value, lo, hi, step=1, track=None):
    """A slider spec. track: its length in CSS px (default: long enough to
    aim, about 7 px a position, at least 300 px for many positions)."""
    positions = (hi - lo) // step + 1
    return {"name": name, "kind": "slider", "label": label, "value": value, "min": lo,
            "max": hi, "step": step, "track": track or max(90, min(360, 7 * positions))}


def choice_slider_control(name, label, choices, value, labels=None, track=None):
    """A slider over a list of values (e.g. epsilons 0.00..0.60, or measured
    fractions): the synced value is the index into choices, the readout
    shows labels[index] (default str of the value), and the headless
    handle's .value reads and sets the value itself (Control)."""
    choices = list(choices)
    spec = slider_control(name, label, choice_index(choices, value, name), 0, len(choices) - 1,
                          track=track)
    spec.update(choices=choices, labels=list(labels) if labels is not None
                else [str(c) for c in choices])
    return spec




def dropdown_control(name, label, options, value):
    """A dropdown spec. options: a list of values, or of (label, value) pairs."""
    pairs = [list(o) if isinstance(o, (tuple, list)) else [str(o), o] for o in options]
    return {"name": name, "kind": "dropdown", "label": label, "value": value, "options": pairs}


def picture_controls(pictures, features, picture, feature):
    """The picture and feature dropdowns of the filtering, pooling and ReLU
    explorers (pictures, features: name -> array), the start values checked."""
    return [dropdown_control(name, name, list(names), as_choice(value, name, list(names)))
            for name, names, value in (("picture", pictures, picture),
                                       ("feature", features, feature))]


def play_control(name, label, target, interval_ms=500):
    """A Play button that steps the slider `target` up to its end (in the
    browser); pressed again it pauses where it is."""
    return {"name": name, "kind": "play", "label": label, "target": target,
            "interval": interval_ms}


def button_control(name, label):
    """A button: the kernel gets on_event({"event": "button", "name": name})."""
    return {"name": name, "kind": "button", "label": label}


def text_control(name, label, button="", placeholder="", size=10):
    """A text box (with a button labelled `button`, if given): Enter or the
    button sends on_event({"event": "text", "name": name, "text": what was
    typed, trimmed}) to the kernel and empties the box; an empty box sends
    "" (the explorer says what to type). size: its width in characters."""
    return {"name": name, "kind": "text", "label": label, "button": button,
            "placeholder": placeholder, "size": size}
