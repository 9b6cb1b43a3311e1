"""Random edits of a synthetic archive, each built from the last build and compared with a
build from nothing: the byte-identity ``tests/site/test_incremental.py`` checks for one
edit of each kind, here for random runs of them, several at a time, in any order.

    python -m tests.support.edit_fuzz [--seeds 1-20] [--steps 12] [--size 120] [--by process|cli|server]
                                      [--race 0.5] [--kill 0.3] [--small] [--check]

prints each step's edits and stops a run at the first difference (the files that
differ, the edits that led there). Each edit's build is made ``--by``: this process
(its memos live on between builds), ``build.py build`` in a process of its own (the
stamps walked ahead, every memo new), or that command handed to the archive's
``build.py server`` (builds forked from a standby that read the caches ahead). The
builds from nothing are made in this process. ``--race``: how often a step's edits are
made while a ``build.py build`` runs (which then reads some files before their edit and
some after); the step's own build comes after it. ``--check``: ``build.py check`` of the
whole archive and of the files a step edited compared with the same check with no cache.
``--kill``: how often a step's edits are followed by a ``build.py build`` stopped part-way
(by Ctrl-C, or killed with every process of it) before the step's own build.

An edit is made on the parsed briefing and written back as ``build.py fmt`` writes it, so
the archive stays valid; the registry's and templates' edits are made on their text.
"""

from tests.support.edit_fuzz.runs import run, small_limits

__all__ = ["run", "small_limits"]
