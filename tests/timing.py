"""Fail a test (instead of hanging the suite) when a block runs too long: for hang-prone hostile inputs."""

import signal
from contextlib import contextmanager


@contextmanager
def finishes_within(seconds: float):
    def too_slow(*_):
        raise TimeoutError(f"took longer than {seconds} s")

    old = signal.signal(signal.SIGALRM, too_slow)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
