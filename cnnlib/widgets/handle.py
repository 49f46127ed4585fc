"""The test handle: an explorer's controls as Python sees them
(``explorer.controls[name]``), set and pressed as the browser would."""
from cnnlib.widgets.protocol import BadValue, choice_index


class Control:
    """A control as Python sees it: ``value`` reads and sets the synced value,
    as the browser would; ``min``, ``max``, ``options`` and ``description``
    read (and ``max`` sets) its spec. The headless tests' handle."""

    def __init__(self, explorer, name):
        self._explorer, self.name = explorer, name

    @property
    def spec(self):
        return self._explorer.control(self.name)

    @property
    def target(self):
        """The slider a play button moves; the control itself for the others."""
        return self.spec.get("target", self.name)

    @property
    def value(self):
        if self.spec["kind"] == "text":
            return ""                   # a text box empties once its text is sent
        index = self._explorer.values.get(self.target)
        choices = self._explorer.control(self.target).get("choices")
        return choices[index] if choices is not None else index

    @value.setter
    def value(self, value):
        if self.spec["kind"] == "text":
            return self.submit(value)
        choices = self._explorer.control(self.target).get("choices")
        if choices is not None:
            try:
                value = choice_index(choices, value, self.target)
            except ValueError as error:       # refused: say so in the widget too
                self._explorer.show_error(error)
                raise BadValue(str(error)) from None
        self._explorer.set_values(**{self.target: value})

    description = property(lambda self: self.spec["label"])
    min = property(lambda self: self._explorer.control(self.target)["min"])
    options = property(lambda self: [label for label, _ in self.spec["options"]])
    max = property(lambda self: self._explorer.control(self.target)["max"],
                   lambda self, value: self._explorer.narrow(self.target, value))

    def click(self):
        """Press a button control, as the browser would (an error is shown
        in the widget's error line, as in the browser, and raised)."""
        self._explorer._on_message({"event": "button", "name": self.name}, raise_error=True)

    def submit(self, text):
        """Type text into a text box and press Enter, as the browser would
        (setting ``value`` does the same)."""
        if self.spec["kind"] != "text":
            raise TypeError(f"{self.name} is a {self.spec['kind']} control, not a text box; "
                            f"set its value instead")
        if not isinstance(text, str):
            raise TypeError(f"{self.name} takes text (a string such as 'T'), "
                            f"got {type(text).__name__} {text!r}")
        self._explorer._on_message({"event": "text", "name": self.name, "text": text},
                                   raise_error=True)

    def __repr__(self):
        return f"<{self.spec['kind']} {self.name}={self.value!r}>"

