"""The Gradio chat: a thin layer over ``Backend.ask`` that renders with ``rag.web.render``.

Two layouts share the handlers: the full page (chat beside a sources panel showing the article with the
cited sentences highlighted) and the compact one for embedding (chat with the cited sentences below).

The conversation lives in a ``gr.State`` as ``[{"question": raw text, "answer": Answer.to_dict()}]``: the
pipeline gets the raw text of earlier turns while the chatbot only ever shows escaped renderings of it.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rag.chain import QuestionError, check_question
from rag.web import render
from rag.index import IndexUnavailable
from rag.web.backend import Backend, NotReady

log = logging.getLogger("rag.web")

STATIC = Path(__file__).resolve().parent.parent / "static"

# They fit the shipped Yonhap article; the last one shows what a refusal looks like.
EXAMPLE_QUESTIONS = (
    "How many containers of munitions has Russia received from North Korea?",
    "How many North Korean missiles has Russia launched into Ukraine?",
    "What is Pyongyang seeking from Russia in return?",
    "Is the door for dialogue with North Korea open?",
    "What did Kim Jong Un say about the shipments?",
)

# Extractive answers arrive whole; they are revealed in this many steps so reading starts at once (an LLM
# answer streams its verified sentences instead). Each step is a Gradio update the server must postprocess,
# diff and send, ~8 ms of its single interpreter under load (py-spy), so the reveal is short: 2 steps,
# 30 ms apart, and no "…" placeholder before an answer that takes milliseconds (benchmarks.load).
STREAM_STEPS = 2
STREAM_STEP_SECONDS = 0.03

SYSTEM_FONTS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"]


def theme():
    """Gradio's default look with system fonts only, so the page fetches no font from anywhere."""
    import gradio as gr

    return gr.themes.Default(font=SYSTEM_FONTS, font_mono=MONO_FONTS)


def page_css() -> str:
    return (STATIC / "chat.css").read_text(encoding="utf-8")


def page_js() -> str:
    return (STATIC / "chat.js").read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------------------
# Conversation state -> what the components show


def history_of(turns: list[dict]) -> list[dict]:
    """The pipeline's ``history``: earlier turns as ``{"role", "content"}`` with the raw texts."""
    history = []
    for turn in turns:
        history += [{"role": "user", "content": turn["question"]},
                    {"role": "assistant", "content": turn["answer"]["answer"]}]
    return history


def chat_messages(turns: list[dict], pending: tuple[str, dict | None, int | None] | None = None) -> list[dict]:
    """Chatbot messages for the turns, plus a ``(question, answer so far, characters shown)`` in flight."""
    messages = []
    for turn in turns:
        if "shown" not in turn:  # rendered once: every streamed update re-sends the whole conversation
            turn["shown"] = (render.question_html(turn["question"]), render.answer_html(turn["answer"]))
        question_shown, answer_shown = turn["shown"]
        messages += [{"role": "user", "content": question_shown}, {"role": "assistant", "content": answer_shown}]
    if pending:
        question, answer, upto = pending
        messages.append({"role": "user", "content": render.question_html(question)})
        messages.append({"role": "assistant", "content": "…" if answer is None
                         else render.answer_html(answer, upto=upto)})
    return messages


def reveal_points(text: str, steps: int = STREAM_STEPS) -> list[int]:
    """Character counts at which a streamed answer is shown: word boundaries, about ``steps`` of them."""
    cuts = [i for i, ch in enumerate(text) if ch == " "] + [len(text)]
    stride = max(1, len(cuts) // steps)
    return cuts[stride - 1 :: stride][:-1] + [len(text)]


# --------------------------------------------------------------------------------------------------
# Handlers


class ChatHandlers:
    """The event handlers of both layouts, bound to one backend."""

    def __init__(self, backend: Backend, *, with_article: bool) -> None:
        self.backend, self.with_article = backend, with_article

    def sources(self, answer: dict | None = None) -> str:
        status = None if self.backend.ready else self.backend.status_message()
        return render.sources_html(answer, self.backend.article, with_article=self.with_article, status=status)

    def respond(self, question: str, turns: list[dict], conversation: str | None) -> Iterator[tuple]:
        """Answer ``question`` given the turns so far, streaming the answer into the chat.

        Yields ``(chat, turns, question box, notice, sources, conversation)``.
        """
        import gradio as gr

        turns = list(turns or [])
        conversation = conversation or uuid.uuid4().hex
        try:
            question = check_question(question, self.backend.settings)
            if not self.backend.ready:
                raise NotReady(self.backend.status_message())
        except (QuestionError, NotReady) as exc:
            yield gr.skip(), turns, gr.skip(), render.notice_html(str(exc)), gr.skip(), conversation
            return
        # While the answer streams the panel keeps what it shows. Sending that again costs less than
        # gr.skip(), for which Gradio builds a whole new HTML component per update (py-spy, under load).
        panel = self.sources(turns[-1]["answer"] if turns else None)
        if self.backend.streams_text:  # an LLM may take seconds: show the question at once
            yield (chat_messages(turns, (question, None, None)), turns, "", "", panel, conversation)
        try:
            answer, streamed = None, ""
            for item in self.backend.stream(question, history_of(turns)):
                if isinstance(item, str):  # an LLM answer, one verified sentence at a time
                    streamed += item
                    draft = {"answer": streamed, "refused": False, "citations": []}
                    yield (chat_messages(turns, (question, draft, len(streamed) - 1)), turns, "", "",
                           panel, conversation)
                else:
                    answer = item.to_dict()
        except (QuestionError, NotReady, IndexUnavailable) as exc:
            yield chat_messages(turns), turns, question, render.notice_html(str(exc)), gr.skip(), conversation
            return
        except Exception as exc:  # the page must survive any failure of one question
            log.exception("Answering %r failed", question)
            message = f"Something went wrong answering that ({type(exc).__name__}). Try again; the server log " \
                      "has details."
            yield chat_messages(turns), turns, question, render.notice_html(message), gr.skip(), conversation
            return
        for upto in ([] if streamed else reveal_points(answer["answer"])[:-1]):  # extractive: reveal gradually
            yield (chat_messages(turns, (question, answer, upto)), turns, "", "", panel, conversation)
            time.sleep(STREAM_STEP_SECONDS)
        turns.append({"question": question, "answer": answer})
        yield chat_messages(turns), turns, "", "", self.sources(answer), conversation

    def clear(self) -> tuple:
        """A new, empty conversation."""
        return [], [], "", "", self.sources(), None

    def vote(self, turns: list[dict], conversation: str | None, like: Any) -> str:
        """Save a thumbs up/down on an answer (``like`` is Gradio's ``LikeData``)."""
        index = like.index[0] if isinstance(like.index, (list, tuple)) else like.index
        turn_number = int(index) // 2  # messages alternate question, answer
        if not conversation or not 0 <= turn_number < len(turns or []):
            return render.notice_html("That answer is no longer in this conversation; nothing was saved.")
        turn = turns[turn_number]
        try:
            if like.liked is True or like.liked is False:
                self.backend.feedback.record(
                    conversation=conversation, turn=turn_number, question=turn["question"],
                    history=history_of(turns[:turn_number]), answer=turn["answer"],
                    vote="up" if like.liked else "down")
                return render.notice_html("Thanks: your vote is saved and helps improve the answers.", "info")
            self.backend.feedback.withdraw(conversation=conversation, turn=turn_number)
            return render.notice_html("Vote withdrawn.", "info")
        except Exception as exc:  # a full disk must not break the chat
            log.exception("Saving feedback failed")
            return render.notice_html(f"Your vote could not be saved ({type(exc).__name__}).")


# --------------------------------------------------------------------------------------------------
# Layouts


def build_ui(backend: Backend, *, compact: bool = False):
    """The chat page as ``gr.Blocks``: full (with the article) or compact (for iframes and web components)."""
    import gradio as gr

    handlers = ChatHandlers(backend, with_article=not compact)
    with gr.Blocks(title="Ask the article", analytics_enabled=False, fill_width=True,
                   elem_classes=["rag-compact" if compact else "rag-full"]) as blocks:
        turns = gr.State([])
        conversation = gr.State(None)
        if not compact:
            gr.Markdown("## Ask the article\nAnswers quote the article's own sentences; each `[n]` marker "
                        "shows its sentence in the article on the right.", elem_id="intro")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=320):
                chat = gr.Chatbot(elem_id="chat", label="Conversation", height=300 if compact else 480,
                                  layout="bubble", latex_delimiters=[], sanitize_html=True, render_markdown=False,
                                  # no copy buttons: they would copy the HTML markup of a message
                                  allow_tags=False, feedback_options=("Like", "Dislike"), buttons=[],
                                  placeholder="Ask a question about the article.")
                with gr.Row():
                    question = gr.Textbox(elem_id="question", show_label=False, scale=5, lines=1, max_lines=4,
                                          placeholder="Ask about the article, e.g. how many missiles?",
                                          autofocus=not compact)
                    ask = gr.Button("Ask", elem_id="ask", variant="primary", scale=1, min_width=80)
                notice = gr.HTML("", elem_id="notice")
                examples = gr.Examples(examples=[[q] for q in EXAMPLE_QUESTIONS[: 3 if compact else None]],
                                       inputs=[question], label="Try asking", elem_id="examples")
                clear = gr.Button("Clear conversation", elem_id="clear", variant="secondary", size="sm")
                if compact:
                    sources = gr.HTML(handlers.sources(), elem_id="sources", js_on_load=None)
            if not compact:
                with gr.Column(scale=2, min_width=280):
                    sources = gr.HTML(handlers.sources(), elem_id="sources", js_on_load=None)

        outputs = [chat, turns, question, notice, sources, conversation]
        respond = {"fn": handlers.respond, "inputs": [question, turns, conversation], "outputs": outputs,
                   "show_progress": "hidden",
                   "concurrency_limit": backend.settings.chat_concurrency}
        question.submit(**respond)
        ask.click(**respond)
        examples.load_input_event.then(**respond)
        clear.click(handlers.clear, outputs=outputs, show_progress="hidden")
        chat.clear(handlers.clear, outputs=outputs, show_progress="hidden")  # the chatbot's own trash icon

        def vote(turns_: list[dict], conversation_: str | None, like: gr.LikeData) -> str:
            return handlers.vote(turns_, conversation_, like)

        # Gradio finds the LikeData parameter by its annotation, which must be the class, not a string.
        vote.__annotations__["like"] = gr.LikeData

        chat.like(vote, inputs=[turns, conversation], outputs=[notice], show_progress="hidden")
        blocks.load(lambda: handlers.sources(), outputs=[sources], show_progress="hidden")
    return blocks
