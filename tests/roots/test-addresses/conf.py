extensions = ["briefing"]
exclude_patterns = ["_build"]
html_theme = "basic"
project = "Addresses test root"
copyright = "2026, the knowledge base editors"
html_baseurl = "https://kb.example.org/"
briefing_search = False
