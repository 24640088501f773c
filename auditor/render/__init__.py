"""Renderers: one per output format, each turning :class:`FileResult` data into text.
Checks never format output; renderers never decide what is wrong."""
