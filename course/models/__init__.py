"""Wire adapters, one per protocol, and the offline ScriptedModel. Wire-only: no keys, no choice of live.

    scripted.py          ScriptedModel (plays a plan offline, on the clock)
    base.py              SDKModel: what every provider adapter shares
    openai_chat.py       OpenAI Chat Completions      (OpenAIModel)
    openai_responses.py  OpenAI Responses             (ResponsesModel)
    anthropic.py         Anthropic Messages           (AnthropicModel)
    gemini.py            Google Gemini                (GeminiModel)
    errors.py            one readable sentence per failure
    history.py           trimming a conversation without splitting a call from its results

The neutral types (Model, ModelTurn) live in `course.messages`; which protocol is live, and its
default model and variables, in `course.protocols`.
"""
from ..messages import Model, ModelTurn
from .anthropic import AnthropicModel
from .gemini import GeminiModel
from .openai_chat import OpenAIModel
from .openai_responses import ResponsesModel
from .scripted import ScriptedModel

__all__ = ["AnthropicModel", "GeminiModel", "Model", "ModelTurn", "OpenAIModel", "ResponsesModel", "ScriptedModel"]
