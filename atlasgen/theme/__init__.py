"""The theme: one Jinja environment, its templates and fingerprinted assets."""
