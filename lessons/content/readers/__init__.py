"""One reader per kind of content file; `base.Reader` holds what they share."""
