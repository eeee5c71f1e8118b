"""Writes; see the app's models."""
