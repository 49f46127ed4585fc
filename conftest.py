"""Set up for every pytest run from this folder (tests/ and nbval on notebooks/).

No progress bars (cnnlib._progress) in tests, nor in the notebook kernels
nbval starts: they inherit this environment, so a notebook's outputs are the
same as when tools/notebooks.py saved them.
"""
import os

os.environ["CNNLIB_PROGRESS"] = "0"
