"""Widgets: the explorers, wiring controls to the maths and the drawing.

Shared tools, one module a job: base (Explorer, the protocol), protocol (the
rules the browser shares: state key, slider clamping, value checks, the ES
module), controls (the control factories), handle (the headless tests'
handle), near (the states near, prefetched), export (static pages), cells
(re-running a cell closes its explorers). Each step has its module with the
same name as its maths and drawing modules.
"""
