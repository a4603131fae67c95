extensions = ["briefing"]
exclude_patterns = ["_build"]
html_theme = "basic"
project = "PDF test"
author = "Knowledge base editors"
language = "en"
html_baseurl = "https://briefing.example.org/kb/"

briefing_books = [
    {
        "name": "brussels",
        "root": "book/index",
        "title": "The Brussels meeting, December 2021",
        "subtitle": "Statements, quotes and agreements on Armenia and Azerbaijan",
        "author": "Restart Initiative",
        "date": "2021-12-15",
    },
    {
        "name": "mini",
        "root": "mini/index",
        "title": "A short letter-size book",
        "paper": "letter",
        "pdf_variant": "pdf/a-3u",
    },
]
briefing_pdf_dir = "_build/pdf"
