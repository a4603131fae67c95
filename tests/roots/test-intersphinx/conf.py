# A second project (with the briefing extension for the kb roles) that links
# The test writes the contract root's objects.inv into this folder first.
extensions = ["sphinx.ext.intersphinx", "briefing"]
exclude_patterns = ["_build"]
intersphinx_mapping = {"briefing": ("https://briefing.example.org/", "contract-objects.inv")}
intersphinx_disabled_reftypes = []
