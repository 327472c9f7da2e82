"""`python -m atlasgen` runs the CLI, like the `atlasgen` command."""

from .cli import main

main()
