"""Step 5: answer from the passages — the LLM when configured and verified, else grounded.

Why this order: the optional LLM writes more fluent answers, but its output is only
kept when every kept sentence is supported by the passage it cites; anything else
(bad citation, injection obeyed, timeout, 5xx) falls back to the grounded answerer.
"""

from __future__ import annotations

from typing import Any

from answer.extractive import answer_from_passages
from answer.question import analyze
from answer.state import PipelineState


def make_answer_step(llm: Any = None):
    def answer_step(state: PipelineState) -> PipelineState:
        if state.done or state.route != "documents":
            return state
        with state.timed("answer"):
            analysis = analyze(state.standalone, state.lang)
            state.analysis = analysis
            draft = None
            if llm is not None and state.passages:
                draft = llm.answer(state.standalone, state.lang, state.passages, analysis)
                if draft is not None:
                    state.answerer = "llm"
            if draft is None:
                draft = answer_from_passages(analysis, state.passages)
            if draft.status == "not_found" and not analysis.domain:
                draft.status = "out_of_scope"
            state.draft = draft
        return state

    return answer_step
