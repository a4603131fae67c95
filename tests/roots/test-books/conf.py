extensions = ["briefing"]
exclude_patterns = ["_build"]
html_theme = "basic"
project = "Books test"
author = "Knowledge base editors"
language = "en"
html_baseurl = "https://books.example.org/"
briefing_pdf_dir = "_build/pdf"

# a book of conf.py beside the book of a directive (rail/index.md): one list
briefing_books = [{"name": "whole", "root": "whole/index", "title": "The whole base"}]
