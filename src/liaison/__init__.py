"""Liaison: the cooperation and technology-transfer office of a research institute."""

__version__ = "0.1.0"
