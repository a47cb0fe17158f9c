"""Parallel tool calling for LLM agents: the course's teaching runtime."""
from .agent import Agent
from .calls import ToolCall, ToolResult
from .clock import VirtualEventLoop, new_event_loop
from .errors import CourseError, ModelError, ToolDefinitionError
from . import progress  # a callable module: course.progress() shows, course.progress.reset() clears
from .i18n import set_language  # course.set_language("zh-CN"): the language learners read
from .executors import decide_mode, decide_mode_documents, execute, execute_async
from .models import (AnthropicModel, GeminiModel, Model, ModelTurn, OpenAIModel, ResponsesModel, ScriptedModel,
                     chat_model)
from .modes import DeliveryMode
from .monitor import PerformanceMonitor
from .offline import OfflineEndpoint, offline_client, offline_openai_client
from .runner import run
from .tools import Tool, tool
from .trace import Span, Trace

__all__ = [
    "Agent", "AnthropicModel", "CourseError", "DeliveryMode", "GeminiModel", "Model", "ModelError",
    "ModelTurn", "OfflineEndpoint", "OpenAIModel", "PerformanceMonitor", "ResponsesModel", "ScriptedModel",
    "Span", "Tool", "ToolCall", "ToolDefinitionError", "ToolResult", "Trace", "VirtualEventLoop",
    "chat_model", "decide_mode", "decide_mode_documents", "execute", "execute_async", "new_event_loop", "offline_client",
    "offline_openai_client", "progress", "run", "set_language", "tool",
]
