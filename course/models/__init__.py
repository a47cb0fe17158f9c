"""Models: the `Model` interface, the offline `ScriptedModel`, and one adapter per wire protocol."""
from .openai_chat import OpenAIModel, chat_model
from .scripted import Model, ModelTurn, ScriptedModel

__all__ = ["Model", "ModelTurn", "OpenAIModel", "ScriptedModel", "chat_model"]
