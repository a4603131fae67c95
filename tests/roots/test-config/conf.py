extensions = ["briefing"]
exclude_patterns = ["_build"]
briefing_books = [
    {"name": "good", "root": "index", "title": "A good book"},
    {"name": "bad", "title": "No root", "paper": "A5", "colour": "red"},
    "not a dict",
]
briefing_pax_url = "https://pax.example.org/agreements/"
