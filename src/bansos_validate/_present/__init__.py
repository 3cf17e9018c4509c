"""Presentation primitives shared by results and the report."""
