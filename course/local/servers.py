"""OpenAI-compatible servers a learner may point OPENAI_BASE_URL at, and what each does with the one-call switch.

One fact in one place: lesson 6 prints its table from SERVERS, and tests/local checks every recipe
through the course's live path (the course's own llama.cpp server for real, the others up to the
client the recipe builds). Sources are the servers' own pull requests and issues (REFERENCES §11).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ServerRecipe:
    """How to start one server, the base URL it answers on, and what it does with parallel_tool_calls=false."""

    name: str
    start: str
    base_url: str
    switch: str  # what the server does with parallel_tool_calls=false
    source: str

    def environment(self, model: str) -> dict[str, str]:
        """The variables that send the course's live path to this server (any key: local servers check none)."""
        return {"OPENAI_BASE_URL": self.base_url, "OPENAI_API_KEY": "local", "OPENAI_MODEL": model}


SERVERS: tuple[ServerRecipe, ...] = (
    ServerRecipe("this course's llama.cpp (xllamacpp)", "make local-server", "http://127.0.0.1:8080/v1",
                 "not enforced: the template's grammar allows several calls, and they all come back "
                 "(measured in lesson 6)", "course/local/; llama.cpp PR #22217"),
    ServerRecipe("llama.cpp llama-server", "llama-server -m model.gguf --jinja --port 8080",
                 "http://127.0.0.1:8080/v1",
                 "an input of the chat template and its grammar; parallel calls on by default where the "
                 "template allows them", "ggml-org/llama.cpp PR #22217 (2026-04-21), PR #21890 (open)"),
    ServerRecipe("vLLM", "vllm serve Qwen/Qwen2.5-7B-Instruct --enable-auto-tool-choice --tool-call-parser hermes",
                 "http://127.0.0.1:8000/v1",
                 "honoured by truncating: every call after the first is dropped from the reply (generation "
                 "is not constrained)", "vllm-project/vllm PR #26233"),
    ServerRecipe("SGLang", "python -m sglang.launch_server --model-path Qwen/Qwen2.5-7B-Instruct "
                 "--tool-call-parser qwen25 --port 30000", "http://127.0.0.1:30000/v1",
                 "enforced only under constrained decoding (tool_choice=\"required\" or strict); not in "
                 "plain auto", "sgl-project/sglang #9696, PR #37157 (open)"),
    ServerRecipe("Ollama", "ollama serve  (then: ollama pull qwen2.5)", "http://127.0.0.1:11434/v1",
                 "dropped: its /v1/chat/completions request has no parallel_tool_calls field",
                 "ollama/ollama #9156 (open)"),
)
