"""A deep network you can open up (notebook 09), on pictures where the
arrangement of strokes decides the class.

- arrangement: the T-or-L pictures and the two-bars-anywhere pairs
- depth: the networks compared (recipes, seeds), trained once and stored
- inside: what every layer computes and what excites each unit
- explain: saliency, occlusion and a decision tree, with their checks
- attacks: attacks that travel from one network to another
"""
