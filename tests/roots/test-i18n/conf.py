extensions = ["briefing"]
exclude_patterns = ["_build"]
html_theme = "furo"
language = "en"
briefing_languages = ["en", "hy", "az", "ru"]
locale_dirs = ["locales"]
gettext_compact = False
gettext_allow_fuzzy_translations = True
