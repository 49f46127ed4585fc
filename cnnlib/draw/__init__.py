"""Drawing: matplotlib figures of each lecture step, drawn into given axes.

Shared tools live in draw.base; each step has its module with the same name
as its maths module (cnnlib/filtering.py -> cnnlib/draw/filtering.py).
`from cnnlib.draw import reveal` folds a cell's answer away (draw.base.reveal).
"""
from cnnlib.draw.base import reveal, show

__all__ = ["reveal", "show"]
