"""Step 3: where a question goes — decided once, by the router (answer/router/).

Why a step of its own: every later step (the lanes, retrieval, the bot's worker lanes)
reads `state.route` and `state.route_detail`; none decides again. The decision may have
been started earlier — the bot runs the structural stage to pick a worker lane — and is
then only completed here, never redone.
"""

from __future__ import annotations

from answer.router import PENDING, RouteDecision, Router, signals
from answer.state import PipelineState
from haicap import languages

_ATTACKS = signals.ATTACKS  # answer/llm.py screens the model's output with it


def classify(text: str) -> tuple[str, str]:
    """(route, detail) from structure alone: ("out_of_scope", "attack" | "task" | "topic"),
    ("smalltalk", "greeting" | "help") or ("documents", "").

    Kept for callers that only need the refusal/smalltalk test; the pipeline uses the
    full router.
    """
    if signals.is_attack(text):
        return "out_of_scope", "attack"
    kind = signals.smalltalk_kind(text)
    if kind:
        return "smalltalk", kind
    kind = signals.off_topic_kind(text)
    if kind:
        return "out_of_scope", kind
    return "documents", ""


def apply_decision(state: PipelineState, decision: RouteDecision) -> PipelineState:
    """Record the decision on the state: the one place later steps read it from."""
    state.route_detail = decision
    state.route = decision.lane
    state.smalltalk = decision.detail if decision.lane == "smalltalk" else ""
    if decision.decided and decision.question:
        state.standalone = decision.question  # an appended injection is cut off here
        if decision.signals.get("injection_removed") and not state.lang_hint:
            # The reply speaks the language of the question, not of the injection.
            state.lang = languages.detect_question_language(decision.question)
    return state


def make_route_step(router: Router, *, structural_only: bool = False):
    """`structural_only`: stop after the model-free stage (the bot's lane choice)."""

    def route_step(state: PipelineState) -> PipelineState:
        with state.timed("route"):
            if state.route == "empty" and state.route_detail is None:
                return apply_decision(state, RouteDecision(lane="empty", plan=("empty",)))
            decision = state.route_detail
            if decision is not None and decision.decided:
                return state  # decided once; nothing re-decides
            if decision is None:
                decision = router.structural(state.standalone or state.text)
            if not decision.decided and not structural_only:
                decision = router.decide(state.standalone or state.text, decision)
            return apply_decision(state, decision)

    return route_step


__all__ = ["PENDING", "apply_decision", "classify", "make_route_step"]
