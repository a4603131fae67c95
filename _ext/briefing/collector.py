"""Python's garbage collector, paced for a build that holds a large graph.

A build of the knowledge base keeps tens of thousands of long-lived objects
(the environment's records, doctrees with fact boxes, backlinks and
citations) while it makes and drops millions of short-lived ones. CPython
then runs a *full* collection, which walks every live object, after every
ten collections of the middle generation: at 720 statements the extension's
build spent 10.7 s in full collections against 1.8 s for vanilla Sphinx on
the same text (``docs/performance.md``, "Per-page costs"). Nearly all of
that walks objects that are still alive.

During a build the oldest generation is collected ten times less often
(:data:`BUILD_THRESHOLDS`); the young generations, which free the
short-lived cycles, keep their pace, and the peak memory measured the same.
The process's own thresholds come back when the build finishes, failed or
not, so a notebook or a test session that runs a build keeps its collector.

At the process's exit, the objects still alive are frozen
(:func:`freeze_at_exit`): the interpreter's last collection would walk them
all only for the process to end, about a second after every build at
archive scale (a rebuild with nothing to do took 2.7 s of which 1.1 s was
that walk). Nothing changes while the process lives.
"""

from __future__ import annotations

import atexit
import gc

from sphinx.application import Sphinx

#: (young, middle, oldest): CPython's defaults are (700, 10, 10)
BUILD_THRESHOLDS = (700, 10, 100)

#: The thresholds to restore, on the application that changed them.
_SAVED = "_briefing_gc_thresholds"


def pace_for_build(app: Sphinx) -> None:
    """Collect the oldest generation less often until the build finishes."""
    if not hasattr(app, _SAVED):
        setattr(app, _SAVED, gc.get_threshold())
    gc.set_threshold(*BUILD_THRESHOLDS)


def restore_pace(app: Sphinx, exception: BaseException | None = None) -> None:
    """Give the process back the thresholds it had before the build."""
    saved = getattr(app, _SAVED, None)
    if saved is not None:
        gc.set_threshold(*saved)
        delattr(app, _SAVED)


def freeze_at_exit() -> None:
    """Leave the objects still alive at exit out of the interpreter's last collection."""
    gc.freeze()


def setup_collector(app: Sphinx) -> None:
    # at setup, so that loading a large pickled environment is paced too
    pace_for_build(app)
    app.connect("build-finished", restore_pace, priority=1000)
    # once per process, however many applications it sets up
    atexit.unregister(freeze_at_exit)
    atexit.register(freeze_at_exit)
