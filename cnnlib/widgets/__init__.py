"""Widgets: the explorers, wiring controls to the maths and the drawing.

Shared tools live in widgets.base and the modules its docstring names, one a
job; each step has its module with the same name as its maths and drawing
modules.
"""
