"""The eval suite: gold Q&A (``gold.jsonl``), metrics, the runner behind ``rag eval``, the CI gate."""
