"""Every workaround that leans on a library's private or version-specific behaviour, one module
per library.
"""
