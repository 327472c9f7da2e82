"""A new site's first hour: `atlasgen init`, and the theme's templates listed, copied
into a site and documented."""
