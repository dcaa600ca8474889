"""Benchmarks of article-chat, run as ``python -m benchmarks`` (``make bench``); results in ``RESULTS.md``.

One run on one machine measures warm latency, cold start, the serving process, ingest against raw
encoding, and growth to 1,000 articles, and runs the LangChain tutorial pipeline (``peer``) through the
same gold questions and eval metrics. Modules:

* ``synthetic``: deterministic pseudo-news articles for the growth corpora;
* ``peer``: the tutorial pipeline (split 1000/200, Chroma, top-4 chunks);
* ``measure``: in-process timings and scores; ``processes``: fresh processes (cold start, ``app.py``);
* ``report``: ``RESULTS.md`` and ``chart.png``;
* ``load``: a bounded load test of a running server (``python -m benchmarks.load``), run on its own.
"""
