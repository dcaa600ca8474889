"""The web face of article-chat: the Gradio chat, an embeddable compact chat, and the REST API.

One server (``python app.py``, ``rag serve``, ``make run``) on ``RAG_HOST:RAG_PORT``:

* ``/``           the chat, with a sources panel showing the cited sentences in the article
* ``/embed/``     the compact chat for an ``<iframe>`` or the ``<gradio-app>`` web component
* ``/gradio.js``  Gradio's web component script, served from the installed package (no CDN)
* ``POST /api/ask``, ``GET /healthz``, ``/docs`` and ``/openapi.json``

Modules: ``server`` (app factory, origins policy, static files), ``api`` (REST), ``ui`` (Gradio
layouts and handlers), ``render`` (escaped HTML of answers, sources and article), ``backend`` (the
pipeline loaded once per process, shared by API and UI).
"""

from __future__ import annotations

import os

# Before gradio is imported anywhere: it reads this when deciding whether to phone home.
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# Gradio's queue rebuilds a pandas DataFrame of its last GRADIO_ANALYTICS_MAX_EVENTS (10,000) events after
# every event finishes, for its monitoring summary: on the event loop, growing with uptime (5 % of the
# server's GIL time at 400 events under load, measured with py-spy). Recompute it every 500 events instead.
os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "500")
os.environ.setdefault("GRADIO_ANALYTICS_MAX_EVENTS", "2000")

from rag.web.server import create_app, serve

__all__ = ["create_app", "serve"]
