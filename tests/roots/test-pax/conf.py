extensions = ["briefing"]
exclude_patterns = ["_build"]
html_theme = "furo"
