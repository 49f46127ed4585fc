"""Rectified linear units. The lecture calls this step "normalization"."""
import numpy as np

from cnnlib._checks import as_array
from cnnlib.filtering import feature_map


def relu(x):
    """max(x, 0) element-wise: negatives become 0. Any shape in, same shape out."""
    x = as_array(x, "x", range(0, 8), "an array")
    return np.maximum(x, 0.0)


def relu_step(image, kernel):
    """One picture's map for one feature, before and after ReLU: image (H, W),
    kernel (k, k) -> (map, rectified), each (H - k + 1, W - k + 1)."""
    before = feature_map(image, kernel)
    return before, np.maximum(before, 0.0)
