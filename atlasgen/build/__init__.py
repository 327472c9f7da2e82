"""build_site() and its stages: the plan, stamps, page rendering in workers, publishing."""
