"""Benchmarks of the briefing extension: a corpus generator and the timed builds.

``python -m benchmarks.corpus`` writes a seeded MyST corpus (with or without
the extension's markup); ``python -m benchmarks.run`` builds such corpora and
writes ``docs/performance.md``. ``make bench`` and ``make bench-quick`` run it.
"""
