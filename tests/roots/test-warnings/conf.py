extensions = ["briefing"]
exclude_patterns = ["_build"]
