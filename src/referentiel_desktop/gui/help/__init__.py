"""Help: the guide, the keyboard shortcuts, the palette."""
