"""Reading input files into articles: formats (readers), cleaning (normalise), and loading into raw.articles (load)."""
