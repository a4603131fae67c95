extensions = ["briefing"]
exclude_patterns = ["_build"]
html_theme = "furo"
briefing_search = False
briefing_sidebar_max_entries = 5
