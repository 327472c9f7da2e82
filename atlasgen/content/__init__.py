"""The only reader of content/: the walk, front matter, Markdown, the frozen model, pictures,
profiles.
"""
