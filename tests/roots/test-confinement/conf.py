extensions = ["briefing"]
exclude_patterns = ["_build"]
project = "Confinement"
