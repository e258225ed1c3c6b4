"""PDF roadmap with reportlab. Imported lazily: the window never loads it just to show itself."""
