"""The only writer of the output folder: staging, the atomic swap, listing a folder."""
