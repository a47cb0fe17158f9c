"""Parallel tool calling for LLM agents: the course's teaching runtime."""
from .agent import Agent
from .calls import ToolCall, ToolResult
from .clock import VirtualEventLoop, new_event_loop
from .errors import CourseError, MaxTurnsExceeded, ModelError, ToolDefinitionError
from .executors import decide_mode, execute, execute_async
from .models import Model, ModelTurn, ScriptedModel
from .modes import DeliveryMode
from .monitor import PerformanceMonitor
from .runner import run
from .tools import Tool, tool
from .trace import Span, Trace

__all__ = [
    "Agent", "CourseError", "DeliveryMode", "MaxTurnsExceeded", "Model", "ModelError", "ModelTurn",
    "PerformanceMonitor", "ScriptedModel", "Span", "Tool", "ToolCall", "ToolDefinitionError",
    "ToolResult", "Trace", "VirtualEventLoop", "decide_mode", "execute", "execute_async",
    "new_event_loop", "run", "tool",
]
