"""Issue 3: how fast the explorers redraw after a slider move set from code.

slider_ms_median: the filtering explorer's kernel-position slider (goal < 50 ms).
The time runs from setting the value to the new PNG being in the Image
widget: the maths, the in-place update and the render. The pooling and
pixel-matcher explorers are measured the same way.
slider_cpu_ms_median: the same moves in CPU time of this process, which
does not grow when other jobs share the machine's two cores (wall time does).
"""
import statistics
import time

from cnnlib.widgets.filtering import filtering_explorer
from cnnlib.widgets.matching import matching_explorer
from cnnlib.widgets.pooling import pooling_explorer


def median_ms(control, values, rounds=3, clock=time.perf_counter):
    """Median milliseconds per `control.value = v`, over `rounds` passes of values."""
    times = []
    for _ in range(rounds):
        for value in values:
            start = clock()
            control.value = value
            times.append(clock() - start)
    return 1000 * statistics.median(times)


def run():
    filtering = filtering_explorer()
    slider = filtering.controls["position"]
    # Every move changes the value, so every move redraws (a repeat would not).
    filtering_ms = median_ms(slider, [*range(1, 49), 0])
    filtering_cpu_ms = median_ms(slider, [*range(1, 49), 0], clock=time.process_time)
    pooling = pooling_explorer()
    pooling_ms = median_ms(pooling.controls["position"], [*range(1, 16), 0])
    matcher = matching_explorer()
    matching_ms = median_ms(matcher.controls["shift"], [1, 2, 3, 4, 0], rounds=4)
    return [
        ("slider_ms_median", filtering_ms, 50, "ms"),
        ("slider_cpu_ms_median", filtering_cpu_ms, 50, "ms"),
        ("pooling_slider_ms_median", pooling_ms, 50, "ms"),
        ("matching_slider_ms_median", matching_ms, 100, "ms"),
    ]
