"""Pure site logic: groupings, related lists, views (all templates see), SEO data, feeds,
tickers.
"""
