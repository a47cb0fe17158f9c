"""Parallel tool calling for LLM agents: the course's teaching runtime.

The layers, bottom up (imports flow one way; a test fails if one flows back):

    calls, clock, errors, modes, i18n    a call and its result, the two clocks, errors, the delivery modes
    messages                             the neutral conversation: ModelTurn, the Model interface, helpers
    tools, scheduling, trace, decide     tools and schemas, the batch graph, spans and metrics, auto's tree
    batch                                BatchRunner: one batch of calls, every id answered once
    models/    offline/                  wire adapters (one per protocol) and offline endpoints (one per
                                         protocol), which know the layers below but not each other
    protocols                            the registry: one entry per protocol; live or offline
    loop                                 Agent: the one agent loop (beyond/ reuses it through hooks)
    sync                                 run(): a coroutine to completion from a script, pytest or Jupyter
    local                                a real small model on llama.cpp's server on this machine (the `local` extra)

No provider SDK is imported here: each is imported when its protocol is first used.
"""
from . import progress  # a callable module: course.progress() shows, course.progress.reset() clears
from .batch import execute, execute_async
from .calls import ToolCall, ToolResult
from .clock import VirtualEventLoop, new_event_loop
from .decide import decide_mode, decide_mode_documents
from .errors import CourseError, ModelError, ToolDefinitionError
from .i18n import set_language  # course.set_language("zh-CN"): the language learners read
from .local import local_model  # a real small model on this machine: no key, no network
from .loop import Agent
from .messages import Model, ModelTurn
from .models import AnthropicModel, GeminiModel, OpenAIModel, ResponsesModel, ScriptedModel
from .modes import DeliveryMode
from .monitor import PerformanceMonitor
from .offline import ChatCompletionsEndpoint, OfflineEndpoint, offline_openai_client
from .protocols import PROTOCOLS, chat_model, offline_client
from .sync import run
from .tools import Tool, tool
from .trace import Span, Trace

__all__ = [
    "Agent", "AnthropicModel", "ChatCompletionsEndpoint", "CourseError", "DeliveryMode", "GeminiModel", "Model",
    "ModelError", "ModelTurn", "OfflineEndpoint", "OpenAIModel", "PROTOCOLS", "PerformanceMonitor", "ResponsesModel",
    "ScriptedModel", "Span", "Tool", "ToolCall", "ToolDefinitionError", "ToolResult", "Trace", "VirtualEventLoop",
    "chat_model", "decide_mode", "decide_mode_documents", "execute", "execute_async", "local_model", "new_event_loop",
    "offline_client", "offline_openai_client", "progress", "run", "set_language", "tool",
]
