"""The only writer of the output folder: staging, the spare, unchanged-file reuse, the
atomic swap, deletion, listing a folder."""
