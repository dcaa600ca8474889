"""Serve the web chat, the embeddable widget and the REST API: ``python app.py``.

Settings come from the environment (``RAG_HOST``, ``RAG_PORT``, ``RAG_ALLOWED_ORIGINS``, ``RAG_API_KEYS``,
...; see ``rag/settings.py``). The index is built on first start if missing; the model loads once.
"""

import os

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

if __name__ == "__main__":
    from rag.settings import Settings
    from rag.web import serve

    serve(Settings())
