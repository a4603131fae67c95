extensions = ["briefing"]
exclude_patterns = ["_build"]
html_theme = "basic"
project = "Export test"
author = "The editors"
release = "2.3"
html_baseurl = "https://kb.example.org/"
briefing_export_timestamp = False
