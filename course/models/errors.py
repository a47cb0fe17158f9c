"""One readable sentence for every way a provider request fails, saying what to do next.

The three SDKs raise their own classes (openai.*, anthropic.*, google.genai.errors.*) and their
HTTP library raises its own on a dead network; this module reads the HTTP status or the failure
kind from any of them, and never prints a key.
"""
from __future__ import annotations

from typing import Any


CONNECTION_ERRORS = ("APIConnectionError", "ConnectError", "ConnectTimeout", "NetworkError", "TransportError",
                     "RemoteProtocolError", "ReadError", "ClientConnectorError", "ServerDisconnectedError")
TIMEOUT_ERRORS = ("APITimeoutError", "TimeoutException", "ReadTimeout", "WriteTimeout", "PoolTimeout", "TimeoutError")


def _status(exc: Any) -> int | None:
    for attr in ("status_code", "code", "status"):
        value = getattr(exc, attr, None)
        if isinstance(value, int):
            return value
    return None


def _detail(exc: Any) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error") if isinstance(body.get("error"), dict) else body
        if isinstance(error, dict) and error.get("message"):
            return str(error["message"])
    message = getattr(exc, "message", None)
    return str(message or exc)


def _kinds(exc: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(exc).__mro__}


def explain(exc: BaseException, model: Any, provider: Any) -> str:
    """The sentence a learner reads when `model`'s request failed with `exc`; `provider` is the protocol's
    registry entry (its title and variables: course.protocols)."""
    key, name, title = " or ".join(provider.key_vars), getattr(model, "model", "?"), provider.title
    kinds = _kinds(exc)
    if kinds & set(TIMEOUT_ERRORS):
        return f"The request to {title} timed out. Check your network, then run the cell again."
    if kinds & set(CONNECTION_ERRORS) or isinstance(exc, OSError):
        where = f" and {provider.base_url_var}" if provider.base_url_var else ""
        return (f"Could not reach {title}. Check your network{where}, or unset {key} to use the offline model; "
                "the later cells still run.")
    status, detail = _status(exc), _detail(exc)
    if status == 401:
        return f"The API key was rejected (HTTP 401). Check {key}, or unset it to use the offline model."
    if status == 403:
        return (f"This key may not use {name!r} or this endpoint (HTTP 403). Check the key's permissions, or set "
                f"{provider.model_var} to a model it may use.")
    if status == 404:
        return (f"The model {name!r} was not found (HTTP 404): it may be retired or not offered here. Set "
                f"{provider.model_var} to a model your key lists.")
    if status == 429:
        return (f"Rate limited or out of quota (HTTP 429). Wait a minute and run the cell again, or unset {key} "
                "to use the offline model.")
    if status == 400 and "/v1/responses" in detail:
        return (f"{name!r} does not take function tools on Chat Completions (HTTP 400). Use protocol=\"responses\", "
                "OpenAI's current API for its reasoning models.")
    if status is not None:
        return f"{title} refused the request (HTTP {status}): {detail}"
    return f"The request to {title} failed ({type(exc).__name__}): {detail}"
