"""Query compilation: filter models → condition IR → plans over the store's tables."""
