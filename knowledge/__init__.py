"""Ingestion: documents in, a clause index out."""
