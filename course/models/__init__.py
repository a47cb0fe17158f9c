"""Models: the `Model` interface, the offline `ScriptedModel`, and one adapter per wire protocol.

    scripted.py          Model, ModelTurn, ScriptedModel (plays a plan offline, on the clock)
    base.py              SDKModel: what every provider adapter shares
    openai_chat.py       OpenAI Chat Completions      (OpenAIModel)
    openai_responses.py  OpenAI Responses             (ResponsesModel)
    anthropic.py         Anthropic Messages           (AnthropicModel)
    gemini.py            Google Gemini                (GeminiModel)
    live.py              chat_model(): live when a key is set, else offline; default models
    errors.py            one readable sentence per failure
"""
from .anthropic import AnthropicModel
from .gemini import GeminiModel
from .live import PROVIDERS, chat_model, live_model, offline_model
from .openai_chat import OpenAIModel
from .openai_responses import ResponsesModel
from .scripted import Model, ModelTurn, ScriptedModel

__all__ = ["AnthropicModel", "GeminiModel", "Model", "ModelTurn", "OpenAIModel", "PROVIDERS", "ResponsesModel",
           "ScriptedModel", "chat_model", "live_model", "offline_model"]
