extensions = ["briefing"]
exclude_patterns = ["_build"]
html_theme = "basic"
project = "Graph test"
language = "en"
html_baseurl = "https://briefing.example.org/kb/"

briefing_books = [
    {
        "name": "graphs",
        "root": "book/index",
        "title": "Agreements as a graph",
        "author": "Knowledge base editors",
        "date": "2022-10",
    },
]
copyright = "Knowledge base editors"
version = "1"
