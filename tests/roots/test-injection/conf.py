extensions = ["briefing"]
exclude_patterns = ["_build"]
html_baseurl = "https://kb.example.org/"
project = "Injection"
