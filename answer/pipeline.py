"""The grounded answer pipeline as one LangChain runnable (LCEL).

    normalize | rewrite | route | branch(address → documents, documents, direct reply)
              | verify | finalize

with documents = retrieve | answer (LLM if configured, else grounded) | compose.

Why this shape: each step is a small, separately tested function; the branch keeps
smalltalk and refusals away from retrieval; `verify` is the last gate before anything
leaves, whatever produced the answer. `AnswerPipeline.answer` is the synchronous,
thread-safe entry point the CLI, the bot and the evaluation share; the retriever (and
with it the embedding model) is built once, on first need.
"""

from __future__ import annotations

import logging
from typing import Any

from langchain_core.runnables import Runnable, RunnableBranch, RunnableLambda

from answer.state import PipelineState
from answer.steps.answer import make_answer_step
from answer.steps.format import (
    compose_step,
    empty_answer,
    finalize_step,
    out_of_scope_answer,
    smalltalk_answer,
)
from answer.steps.normalize import normalize_step
from answer.steps.retrieve import RETRIEVE_K, RetrieverHolder, make_retrieve_step
from answer.steps.rewrite import rewrite_step
from answer.steps.route import route_step
from answer.steps.verify import verify_step
from answer.types import Answer, Turn
from haicap.settings import Settings

log = logging.getLogger(__name__)
HISTORY_TURNS = 4


def direct_reply_step(state: PipelineState) -> PipelineState:
    """Smalltalk, refusals and empty questions: answered without any search."""
    with state.timed("reply"):
        if state.route == "empty":
            state.answer = empty_answer(state.lang)
        elif state.route == "smalltalk":
            state.answer = smalltalk_answer(state.smalltalk, state.lang)
        else:
            state.answer = out_of_scope_answer(state.lang)
    return state


def route_without_address(state: PipelineState) -> PipelineState:
    state = route_step(state)
    if state.route == "address":
        state.route = "documents"
    return state


def make_address_step(settings: Settings):
    def address_step(state: PipelineState) -> PipelineState:
        """The address resolver answers, or hands the question on to the documents."""
        with state.timed("address"):
            try:
                from retrieval.address.answer import answer_address
            except ImportError:
                state.route = "documents"
                return state
            result = answer_address(state.standalone, state.lang, settings)
            if result is None:
                state.route = "documents"
            else:
                result.route = "address"
                state.answer = result
        return state

    return address_step


def build_runnable(
    settings: Settings, holder: RetrieverHolder, llm: Any = None, *, use_address: bool = True
) -> Runnable:
    """The LCEL chain over `PipelineState`; `use_address=False` sends all to the documents."""
    documents = (
        RunnableLambda(make_retrieve_step(holder), name="retrieve")
        | RunnableLambda(make_answer_step(llm, holder), name="answer")
        | RunnableLambda(compose_step, name="compose")
    )
    address_then_documents = RunnableLambda(make_address_step(settings), name="address") | documents
    branch = RunnableBranch(
        (lambda s: s.route == "address", address_then_documents),
        (lambda s: s.route == "documents", documents),
        RunnableLambda(direct_reply_step, name="direct_reply"),
    )
    return (
        RunnableLambda(normalize_step, name="normalize")
        | RunnableLambda(rewrite_step, name="rewrite")
        | RunnableLambda(route_step if use_address else route_without_address, name="route")
        | branch
        | RunnableLambda(verify_step, name="verify")
        | RunnableLambda(finalize_step, name="finalize")
    )


class AnswerPipeline:
    """Question (+ short history) → `Answer`; safe to share between threads."""

    def __init__(
        self,
        settings: Settings,
        *,
        retriever: Any = None,
        llm: Any = None,
        use_address: bool = True,
    ) -> None:
        self.settings = settings
        self.holder = RetrieverHolder(settings, retriever, k=RETRIEVE_K)
        self.llm = llm
        self.runnable = build_runnable(settings, self.holder, llm, use_address=use_address)

    def answer(
        self, question: str, *, history: list[Turn] | None = None, lang: str | None = None
    ) -> Answer:
        state = PipelineState(
            question=question if isinstance(question, str) else str(question or ""),
            history=list(history or [])[-HISTORY_TURNS:],
            lang_hint=lang,
        )
        result: PipelineState = self.runnable.invoke(state)
        assert result.answer is not None
        return result.answer

    def warm_up(self) -> None:
        """Load the retriever and the model now (bot start-up), not on the first question."""
        retriever = self.holder.get()
        warm = getattr(retriever, "warm_up", None)
        if callable(warm):
            warm()

    def turn(self, question: str, answer: Answer) -> Turn:
        """The history entry to keep for follow-ups."""
        return Turn(
            question=question,
            standalone_question=answer.standalone_question or question,
            answer=answer.answer[:500],
            status=answer.status,
        )


def build_pipeline(
    settings: Settings, *, retriever: Any = None, llm: Any = None, use_address: bool = True
) -> AnswerPipeline:
    """The pipeline for `settings`; the LLM answerer is used only when `llm_base_url` is set.

    `retriever` replaces the shared hybrid retriever (tests, benchmarks); `use_address`
    False keeps every question on the documents route.
    """
    if llm is None and settings.llm_base_url:
        from answer.llm import LLMAnswerer

        llm = LLMAnswerer.from_settings(settings)
    return AnswerPipeline(settings, retriever=retriever, llm=llm, use_address=use_address)
