"""Every workaround that leans on a library's private or version-specific behaviour, one module
per library: jinja (a template's output escaping, its globals), markupsafe (escaping without
a Markup per value), markdown_it (links and inline text it would give back unchanged),
pagefind (its bundle made the same on every run). tests/test_compat.py fails when a library
changes under them; pyproject.toml bounds their versions.
"""
