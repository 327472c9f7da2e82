"""Site search: running Pagefind over the staged site."""
