"""The one router: which lane answers a question (see router.py for the why)."""

from answer.router.router import PENDING, PLANS, RouteDecision, Router
from answer.router.service import get_router

__all__ = ["PENDING", "PLANS", "RouteDecision", "Router", "get_router"]
