# The bad-input catalogue: tests/test_bad_input.py writes one page per case
# next to entities.md and builds them all together.
extensions = ["briefing"]
exclude_patterns = ["_build"]
suppress_warnings = ["toc.not_included"]
