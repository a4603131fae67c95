extensions = ["briefing"]
exclude_patterns = ["_build"]
html_theme = "basic"
project = "Archive test root"
copyright = "2026, the knowledge base editors"
version = "1"
