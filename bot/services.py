"""What the handlers share: settings, state store, rate limiter, and the answer engines.

Why a holder for the pipeline: building it loads the embedding model and opens the
vector store (seconds, may fail). The bot must start and serve at once, address
lookups must work without the model, and a store that is down must give users a clear
"temporarily unavailable" reply and be retried later, not crash the bot. All pipeline
and address work runs on worker threads so the event loop only moves messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol

from answer.lanes.address import answer_address
from answer.types import Answer, Turn
from bot.ratelimit import RateLimiter
from bot.retry import RetryingLimiter
from bot.state import StateStore
from haicap.settings import Settings
from retrieval.errors import ModelNotInstalled, StoreUnavailable

log = logging.getLogger(__name__)

# Worker threads for the pipeline, in two lanes: questions that look like old addresses
# (milliseconds) never queue behind document questions (embedding + retrieval, up to
# seconds). Both lanes run the same full pipeline (benchmarks/bot_load.py). Sixteen
# document workers: their questions' embeddings are computed together in one model call
# (retrieval/query_batcher.py), so more waiting questions means bigger, cheaper batches.
PIPELINE_WORKERS = 16
ADDRESS_LANE_WORKERS = 2
# Routes the router decides from structure alone and answers without the model.
MODEL_FREE_ROUTES = frozenset({"address", "smalltalk", "out_of_scope", "empty"})
RETRY_BUILD_AFTER_S = 30.0
# After a store outage noticed while answering (the pipeline exists and is warm), the
# next question may try again this soon: a retry costs one round trip to the store.
RETRY_AFTER_OUTAGE_S = 2.0
HISTORY_TURNS = 4


class AnswerPipeline(Protocol):
    """What the bot needs of the answer pipeline (answer/pipeline.py implements it)."""

    def prepare(self, question: str, *, history: list[Turn], lang: str | None) -> Any:
        """The model-free routing stage: a state whose `route` picks the worker lane."""

    def answer(
        self, question: str, *, history: list[Turn], lang: str | None, prepared: Any = None
    ) -> Answer: ...

    def warm_up(self) -> None: ...

    def turn(self, question: str, answer: Answer) -> Turn: ...

    def passage_count(self) -> int:
        """Passages in the store; raises StoreUnavailable when it cannot be reached."""


class ServiceUnavailable(RuntimeError):
    """The document pipeline cannot answer right now (store down, model missing)."""


# What "temporarily unavailable" means: raised by the layer that knows (store, model).
UNAVAILABLE_ERRORS: tuple[type[BaseException], ...] = (
    ServiceUnavailable,
    StoreUnavailable,
    ModelNotInstalled,
)


class AnswerService:
    """The answer pipeline (made ready once, off the loop) and the address resolver.

    "Ready" means the pipeline object exists and its `warm_up()` (retriever, store,
    model) succeeded; until then document questions get ServiceUnavailable, retried
    at most every RETRY_BUILD_AFTER_S, while address lookups keep working.
    """

    def __init__(self, settings: Settings, pipeline: AnswerPipeline | None = None) -> None:
        self.settings = settings
        self._pipeline = pipeline
        self._ready = False
        self._executor = ThreadPoolExecutor(PIPELINE_WORKERS, thread_name_prefix="haicap-answer")
        self._address_lane = ThreadPoolExecutor(
            ADDRESS_LANE_WORKERS, thread_name_prefix="haicap-address"
        )
        self._lock: asyncio.Lock | None = None
        self._failed_at = 0.0
        self._failure = ""
        self._pause_s = RETRY_BUILD_AFTER_S

    @property
    def ready(self) -> bool:
        return self._ready

    @property
    def status(self) -> str:
        if self._ready:
            return "ready"
        return f"unavailable: {self._failure}" if self._failure else "not loaded"

    async def _run(self, fn: Any, *args: Any, lane: Any = None, **kwargs: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(lane or self._executor, partial(fn, *args, **kwargs))

    async def _decide(
        self, pipeline: Any, question: str, history: list[Turn], lang: str | None
    ) -> tuple[ThreadPoolExecutor, Any]:
        """The worker lane from the router's own decision (its model-free stage, run on
        the address lane: microseconds), plus the prepared state to answer from.

        Addresses, greetings and refusals need no model: they stay on the address lane
        and never queue behind document questions. Everything else goes to the main
        workers, where the pipeline completes the same decision — nothing re-decides.
        """
        state = await self._run(
            pipeline.prepare, question, history=history, lang=lang, lane=self._address_lane
        )
        lane = self._address_lane if state.route in MODEL_FREE_ROUTES else self._executor
        return lane, state

    def _prepare(self, pipeline: AnswerPipeline | None) -> AnswerPipeline:
        """Build (if needed) and warm up a pipeline; runs on a worker thread."""
        if pipeline is None:
            from answer.pipeline import build_pipeline

            pipeline = build_pipeline(self.settings)
        pipeline.warm_up()
        return pipeline

    async def pipeline(self) -> AnswerPipeline:
        """The ready pipeline; raises ServiceUnavailable (retried after a pause)."""
        if self._ready and self._pipeline is not None:
            return self._pipeline
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._ready and self._pipeline is not None:
                return self._pipeline
            if self._failure and time.monotonic() - self._failed_at < self._pause_s:
                raise ServiceUnavailable(self._failure)
            started = time.monotonic()
            try:
                self._pipeline = await self._run(self._prepare, self._pipeline)
            except Exception as exc:  # whatever stops the start, the bot keeps serving
                self._failure, self._failed_at = f"{type(exc).__name__}: {exc}", time.monotonic()
                # a pipeline that was built before only needs its store back: retry soon
                built = self._pipeline is not None
                self._pause_s = RETRY_AFTER_OUTAGE_S if built else RETRY_BUILD_AFTER_S
                expected = isinstance(exc, (*UNAVAILABLE_ERRORS, ImportError))
                log.error("answer pipeline unavailable: %s", self._failure, exc_info=not expected)
                raise ServiceUnavailable(self._failure) from exc
            self._failure, self._ready = "", True
            log.info("answer pipeline ready in %.1f s", time.monotonic() - started)
            return self._pipeline

    async def warm_up(self) -> None:
        """Get ready in the background so the first user does not wait for the model."""
        with contextlib.suppress(ServiceUnavailable):  # logged; users are told per question
            await self.pipeline()

    async def answer(self, question: str, history: list[Turn], lang: str | None) -> Answer:
        try:
            pipeline, degraded = await self.pipeline(), False
        except ServiceUnavailable:
            if self._pipeline is None:
                raise
            # The store is down but the pipeline is built: lanes that need no store (unit
            # facts, addresses, smalltalk) still answer; a documents question does not.
            pipeline, degraded = self._pipeline, True
        try:
            lane, prepared = await self._decide(pipeline, question, history, lang)
            if degraded and prepared.route == "documents":
                raise ServiceUnavailable(self._failure)
            answer = await self._run(
                pipeline.answer, question, history=history, lang=lang, lane=lane,
                prepared=prepared,
            )  # fmt: skip
        except UNAVAILABLE_ERRORS as exc:
            self._mark_failed(exc)
            raise ServiceUnavailable(f"{type(exc).__name__}: {exc}") from exc
        if answer.route == "unavailable" or await self._store_failed(pipeline, answer):
            # The pipeline turned a store/model failure into a reply: users get the
            # bot's own "temporarily unavailable" instead of the internal error text.
            self._mark_failed(RuntimeError(answer.answer))
            raise ServiceUnavailable(answer.answer)
        return answer

    async def _store_failed(self, pipeline: AnswerPipeline, answer: Answer) -> bool:
        """Was a source-less "not found" caused by an unreachable store?

        The answer pipeline reports a store failure as a plain not_found reply (its
        wording is for the CLI), so such a reply is checked against the store itself:
        one count (a round trip of a few ms), only for source-less document replies.
        """
        if answer.status != "not_found" or answer.citations or answer.route != "documents":
            return False
        try:
            await self._run(pipeline.passage_count)
        except UNAVAILABLE_ERRORS:
            return True
        except Exception:  # the probe must never turn an answer into an error
            log.debug("store probe failed", exc_info=True)
        return False

    def _mark_failed(self, exc: BaseException) -> None:
        """Not ready until the store answers again; the built pipeline is kept."""
        self._ready = False
        self._failure, self._failed_at = f"{type(exc).__name__}: {exc}", time.monotonic()
        self._pause_s = RETRY_AFTER_OUTAGE_S

    def turn(self, question: str, answer: Answer) -> Turn:
        """The history entry for a follow-up (the pipeline's own shape when it has one)."""
        if self._pipeline is not None:
            return self._pipeline.turn(question, answer)
        return Turn(question, answer.standalone_question or question, answer.answer, answer.status)

    async def address(
        self, question: str, lang: str | None, *, force: bool = False
    ) -> Answer | None:
        """Old address → new unit, without the embedding model; None = not an address.

        `force` (for /where, where the user says it is an address) skips the resolver's
        "is this an address question?" guess.
        """
        return await asyncio.to_thread(answer_address, question, lang, self.settings, force=force)

    async def reload(self) -> int:
        """A fresh pipeline from the store (new documents, rebuilt lexical index),
        swapped in only once it is ready, so questions keep being answered meanwhile."""
        fresh = await self._run(self._prepare, None)
        # counted strictly: a store that is down fails the reload instead of "-1 passages"
        chunks = await self._run(fresh.passage_count)
        self._pipeline, self._ready, self._failure = fresh, True, ""
        return chunks

    async def chunk_count(self) -> int:
        """Passages in the store, or -1 when unknown (informational only)."""
        if not self._ready or self._pipeline is None:
            return -1
        try:
            return await self._run(self._pipeline.passage_count)
        except Exception:  # counting is informational; never fail /stats for it
            return -1

    def close(self) -> None:
        for pool in (self._executor, self._address_lane):
            pool.shutdown(wait=False, cancel_futures=True)


@dataclass
class BotServices:
    """Everything handlers need, kept in `application.bot_data["services"]`."""

    settings: Settings
    state: StateStore
    answers: AnswerService
    limiter: RateLimiter
    retrier: RetryingLimiter
    started_at: float = field(default_factory=time.time)
    counters: dict[str, int] = field(default_factory=dict)
    background: set[asyncio.Task[Any]] = field(default_factory=set)
    loader: Any = None  # bot.knowledge_loader.BuiltinLoader while `haicap start` loads

    def count(self, name: str) -> None:
        self.counters[name] = self.counters.get(name, 0) + 1

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.settings.admin_ids

    def spawn(self, coroutine: Any) -> asyncio.Task[Any]:
        """Start a background task and keep a reference so it is not garbage-collected."""
        task = asyncio.get_running_loop().create_task(coroutine)
        self.background.add(task)
        task.add_done_callback(self.background.discard)
        return task
