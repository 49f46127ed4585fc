"""One thread for small numerical work on a few shared cores.

BLAS and OpenMP (numpy's matrix products, scikit-learn's distance
reductions) start a thread per core. On small arrays and two busy cores a
second thread only makes the first wait: measured here, the fully connected
net trains 3-4 times faster in one thread on a busy two-core machine,
logistic regression over 10 times, and one nearest-neighbour answer over 400
pictures about 10 times (16 ms against 1.5, beside two processes multiplying
matrices). The many small trainings and fits run inside one_thread(); a
classifier asked one picture at a time is wrapped by on_one_thread().
"""
import contextlib
import functools

from threadpoolctl import ThreadpoolController, threadpool_limits


@contextlib.contextmanager
def one_thread():
    """BLAS and OpenMP on one thread inside the block (threadpoolctl): for a
    loop of small trainings or fits (finding the pools costs 5 ms)."""
    with threadpool_limits(1):
        yield


def on_one_thread(function):
    """function, each call of which runs with BLAS and OpenMP on one thread:
    for a classifier asked one picture at a time. The thread pools are found
    once, now (threadpoolctl's controller, made after the imports that load
    them), so a call pays a tenth of a millisecond, not the five that
    one_thread() spends finding them."""
    controller = ThreadpoolController()

    @functools.wraps(function)
    def one_threaded(*args, **kwargs):
        with controller.limit(limits=1):
            return function(*args, **kwargs)
    return one_threaded
