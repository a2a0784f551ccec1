"""The spaCy pipeline: components registered as factories, configured by config.cfg, patterns in extract/data."""
