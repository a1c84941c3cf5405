// LineEditor: module under construction.
