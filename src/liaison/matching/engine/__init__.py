"""The matching library: analysis, BM25 retrieval, fusion, entity ranking and explanations.

No Django imports here: the matching app's adapters feed it plain documents.
"""
