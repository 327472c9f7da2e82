"""The bottom layer: diagnostics, slugs, times, URLs, digests, the build cache, file stat keys
and the fork pool.
"""
