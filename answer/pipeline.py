"""The grounded answer pipeline as one LangChain runnable (LCEL).

    front: normalize | rewrite | route          (the router decides the lane once)
    back:  branch(answering lanes, direct reply) | verify | finalize

The answering lanes run the decision's plan in order — address, facts, documents —
until one answers, so a lane that finds nothing falls through instead of a dead end;
documents = retrieve | answer (LLM if configured, else grounded) | compose.

Why this shape: each step is a small, separately tested function; the router's decision
is made once and read by every later step and by the bot (which runs `prepare` to pick a
worker lane, then `resume`); `verify` is the last gate before anything leaves, whatever
produced the answer. `AnswerPipeline.answer` is the synchronous, thread-safe entry point
the CLI, the bot and the evaluation share; the retriever (and with it the embedding
model) is built once, on first need.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from langchain_core.runnables import Runnable, RunnableBranch, RunnableLambda

from answer.router import Router, get_router
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
from answer.steps.route import make_route_step
from answer.steps.verify import verify_step
from answer.types import Answer, Turn
from haicap.settings import Settings

log = logging.getLogger(__name__)
HISTORY_TURNS = 4
ANSWERING_LANES = ("address", "facts", "documents")


def direct_reply_step(state: PipelineState) -> PipelineState:
    """Smalltalk, refusals and empty questions: answered without any search."""
    with state.timed("reply"):
        if state.route == "empty":
            state.answer = empty_answer(state.lang)
        elif state.route == "smalltalk":
            state.answer = smalltalk_answer(state.smalltalk, state.lang)
        else:
            state.answer = out_of_scope_answer(state.lang)
            state.answer.route = "out_of_scope"
    return state


def address_lane(state: PipelineState, settings: Settings) -> Answer | None:
    """The address resolver (torch-free). When the router chose this lane, the resolver
    looks the text up as an address (the decision is not made again); as a fallback
    lane it applies its own test and returns None for what is no address question."""
    from answer.lanes.address import answer_address

    chosen = state.route_detail is not None and state.route_detail.lane == "address"
    with state.timed("address"):
        return answer_address(state.standalone, state.lang, settings, force=chosen)


def facts_lane(state: PipelineState, settings: Settings) -> Answer | None:
    """Unit facts computed from structured data (torch-free); None hands the question on."""
    from answer.lanes.facts import answer_facts

    with state.timed("facts"):
        return answer_facts(state.standalone, state.lang, settings)


def make_lanes_step(settings: Settings, documents: Runnable):
    """Run the decision's plan: the first lane with an answer replies.

    A lane's "not found" is kept only as the last resort: a pasted address the
    resolver cannot place gets its "write it as xã/phường, huyện, tỉnh" hint when no
    later lane found anything either, while a prose question never ends there.
    """
    other_lanes = {"address": address_lane, "facts": facts_lane}

    def lanes_step(state: PipelineState) -> PipelineState:
        decision = state.route_detail
        plan = decision.plan if decision is not None else (state.route,)
        kept: Answer | None = None
        for i, lane in enumerate(plan):
            last = i == len(plan) - 1
            if lane == "documents":
                state.route = "documents"
                state = documents.invoke(state)
                answer = state.answer
                if kept is not None and answer is not None and _nothing(answer):
                    state.route, state.answer = kept.route, kept
                return state
            answer = other_lanes[lane](state, settings)
            if answer is None:
                continue
            answer.route = lane
            if answer.status == "not_found" and not last:
                kept = kept or (answer if lane == "address" and _pasted(decision) else None)
                continue
            state.route, state.answer = lane, answer
            return state
        if kept is not None:
            state.route, state.answer = kept.route, kept
        return state

    return lanes_step


def _nothing(answer: Answer) -> bool:
    return answer.status == "not_found" and not answer.citations


def _pasted(decision: Any) -> bool:
    """Decided as an address from structure alone: the user typed an address."""
    return decision is not None and decision.source == "structural"


@dataclass(frozen=True)
class Chains:
    """front = normalize | rewrite | route; back = lanes or direct reply | verify |
    finalize; `route` alone completes a pending decision; `quick_route` is the router's
    model-free stage (the bot's worker-lane choice)."""

    front: Runnable
    back: Runnable
    route: Runnable
    quick_route: Any


def build_runnable(
    settings: Settings,
    holder: RetrieverHolder,
    llm: Any = None,
    *,
    use_address: bool = True,
    router: Router | None = None,
) -> Chains:
    """The LCEL chains over `PipelineState` (see `Chains`).

    `use_address=False` keeps every answerable question on the documents lane (the
    tests and benchmarks of the documents answerer) and needs no semantic vote.
    """
    documents = (
        RunnableLambda(make_retrieve_step(holder), name="retrieve")
        | RunnableLambda(make_answer_step(llm, holder), name="answer")
        | RunnableLambda(compose_step, name="compose")
    )
    router = router or get_router(settings, semantic=use_address)
    route = make_route_step(router)
    quick = make_route_step(router, structural_only=True)
    if not use_address:
        route, quick = _documents_only(route), _documents_only(quick)
    front = (
        RunnableLambda(normalize_step, name="normalize")
        | RunnableLambda(rewrite_step, name="rewrite")
        | RunnableLambda(route, name="route")
    )
    back = (
        RunnableBranch(
            (
                lambda s: s.route in ANSWERING_LANES,
                RunnableLambda(make_lanes_step(settings, documents), name="lanes"),
            ),
            RunnableLambda(direct_reply_step, name="direct_reply"),
        )
        | RunnableLambda(verify_step, name="verify")
        | RunnableLambda(finalize_step, name="finalize")
    )
    return Chains(front, back, RunnableLambda(route, name="route"), quick)


def _documents_only(route):
    def documents_route(state: PipelineState) -> PipelineState:
        from answer.router import PENDING, PLANS

        state = route(state)
        if state.route in ANSWERING_LANES or state.route == PENDING:
            state.route = "documents"
            state.route_detail.lane, state.route_detail.plan = "documents", PLANS["documents"]
        return state

    return documents_route


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
        self.chains = build_runnable(settings, self.holder, llm, use_address=use_address)
        self.runnable = self.chains.front | self.chains.back

    def answer(
        self,
        question: str,
        *,
        history: list[Turn] | None = None,
        lang: str | None = None,
        prepared: PipelineState | None = None,
    ) -> Answer:
        """`prepared`: the state `prepare` returned for this question (the bot's lane
        choice), so the router's decision is completed, not made again."""
        if prepared is not None:
            return self.resume(prepared)
        return self.resume(self.prepare(question, history=history, lang=lang, quick=False))

    def prepare(
        self,
        question: str,
        *,
        history: list[Turn] | None = None,
        lang: str | None = None,
        quick: bool = True,
    ) -> PipelineState:
        """Normalise, rewrite and route. `quick`: only the model-free routing stage, so
        the bot can pick a worker lane in microseconds; `resume` completes the decision.
        `state.route` is then "address", "smalltalk", "out_of_scope", "empty" — or
        "pending" when the semantic vote is still to come."""
        state = PipelineState(
            question=question if isinstance(question, str) else str(question or ""),
            history=list(history or [])[-HISTORY_TURNS:],
            lang_hint=lang,
        )
        if not quick:
            return self.chains.front.invoke(state)
        return self.chains.quick_route(rewrite_step(normalize_step(state)))

    def resume(self, state: PipelineState) -> Answer:
        """Finish a prepared question: complete the decision if pending, then answer."""
        if not state.route_detail or not state.route_detail.decided:
            state = self.chains.route.invoke(state)
        result: PipelineState = self.chains.back.invoke(state)
        assert result.answer is not None
        return result.answer

    def warm_up(self) -> None:
        """Load the retriever and the model now (bot start-up), not on the first question."""
        retriever = self.holder.get()
        warm = getattr(retriever, "warm_up", None)
        if callable(warm):
            warm()

    def passage_count(self) -> int:
        """Passages in the store (raises StoreUnavailable when it cannot be reached)."""
        store = getattr(self.holder.get(), "store", None)
        return int(store.count()) if store is not None else -1

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
