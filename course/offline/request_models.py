"""The pydantic models of the four protocols' requests: what each offline endpoint reads, and its type.

Each endpoint checks a request against its model (`Endpoint.request_shape` names it) before its
protocol rules read a single field; `shapes.first_violation` turns the first error into a
`Violation`, which the protocol module words as its service does. The models are lenient about
fields the endpoint does not read (the services ignore harmless unknown fields, and the SDKs
send many) and strict on the types of those it does: no coercion, a string is never a list.

This module is imported when an endpoint first answers, never when the course is imported (as
the SDKs' HTTP library is), and each model's validator is built on its first use.

The building blocks:

- `Shape`: the base model (unknown fields ignored; use Strict types for the fields read);
- `allowed("user", "assistant")`: a string among a few values;
- `one_of(string=StrictStr, array=list[Part])`: a field that may hold several JSON kinds;
- `tagged("type", {"text": Text, ...}, other=Typed)`: an object whose "type" (or "role") says
  which model checks it.
"""
from __future__ import annotations

from typing import Annotated, Any, Optional, Union

from pydantic import (AfterValidator, AliasChoices, BaseModel, ConfigDict, Discriminator, Field, StrictBool, StrictInt,
                      StrictStr, Tag, create_model)
from pydantic_core import PydanticCustomError

from .gemini import PROTO
from .shapes import SEP, TAG, kind_of, snake_case

# ---- the building blocks ------------------------------------------------------------------------


class Shape(BaseModel):
    """A part of a request: fields the endpoint does not read are ignored; those it reads keep their type."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, defer_build=True)


def allowed(*values: str) -> Any:
    """A string that must be one of `values` (the error carries them, for each service's wording)."""
    listed = " or ".join(", ".join(repr(v) for v in values).rsplit(", ", 1))

    def check(value: str) -> str:
        if value not in values:
            raise PydanticCustomError("not_allowed", "Input should be {expected}",
                                      {"expected": listed, "allowed": SEP.join(values)})
        return value

    return Annotated[StrictStr, AfterValidator(check)]


def one_of(proto: str = "", **members: Any) -> Any:
    """A field that may hold any of several JSON kinds: `one_of(string=StrictStr, array=list[Part])`.

    A value of another kind is one "json_kind" error naming the kinds allowed (and `proto`, the
    type's name in Gemini's wording); a value of an allowed kind is checked by that member only, so
    its errors point inside it."""
    tags = tuple(Annotated[member, Tag(TAG + kind)] for kind, member in members.items())

    def pick(value: Any) -> str | None:
        kind = kind_of(value)
        return TAG + kind if kind in members else None

    return Annotated[Union[tags], Discriminator(  # type: ignore[valid-type]
        pick, custom_error_type="json_kind", custom_error_message="Input should be a valid {expected}",
        custom_error_context={"expected": ",".join(members), "proto": proto})]


def tagged(field: str, choices: dict[str, type[BaseModel]], *, other: type[BaseModel] | None = None,
           default: str | None = None) -> Any:
    """An object whose `field` ("type", "role") says which model checks it.

    A value of `field` not in `choices` goes to `other` (lenient: any string), or, without one,
    is refused naming the values allowed; a missing (or null) `field` means `default`, or is refused."""
    check = StrictStr if other is not None else allowed(*choices)
    fallback = create_model(f"Tagged_{field}", __base__=Shape, **{field: (check, ...)})  # type: ignore[call-overload]
    members = {**choices, **({"*": other} if other is not None else {}), "?": fallback}

    def pick(value: Any) -> str:
        if not isinstance(value, dict):
            return TAG + "?"
        tag = value.get(field)
        if tag is None and default is not None:
            return TAG + default
        if isinstance(tag, str):
            return TAG + (tag if tag in choices else "*" if other is not None else "?")
        return TAG + "?"

    tags = tuple(Annotated[model, Tag(TAG + name)] for name, model in members.items())
    return Annotated[Union[tags], Discriminator(pick)]  # type: ignore[valid-type]


class Typed(Shape):
    """Any object with a string `type` (a part, item or block of a kind the endpoint does not read)."""

    type: StrictStr


class TextPart(Typed):
    text: StrictStr


# ---- OpenAI Chat Completions: POST /v1/chat/completions ------------------------------------------

_ChatParts = list[tagged("type", {"text": TextPart}, other=Typed)]  # type: ignore[misc]


class ChatFunction(Shape):
    name: StrictStr
    arguments: StrictStr


class ChatFunctionCall(Shape):
    id: StrictStr
    function: ChatFunction


class ChatCustom(Shape):
    name: StrictStr
    input: StrictStr


class ChatCustomCall(Shape):
    id: StrictStr
    custom: ChatCustom


class ChatSaid(Shape):
    """A system, developer or user message."""

    content: one_of(string=StrictStr, array=_ChatParts)  # type: ignore[valid-type]
    name: Optional[StrictStr] = None


class ChatAssistant(Shape):
    content: one_of(string=StrictStr, array=_ChatParts, null=None) = None  # type: ignore[valid-type]
    tool_calls: Optional[list[tagged("type", {"function": ChatFunctionCall,  # type: ignore[misc]
                                              "custom": ChatCustomCall})]] = None
    name: Optional[StrictStr] = None


class ChatToolMessage(Shape):
    content: one_of(string=StrictStr, array=_ChatParts)  # type: ignore[valid-type]
    tool_call_id: StrictStr


class ChatFunctionMessage(Shape):
    """The deprecated role that came before "tool"."""

    name: StrictStr
    content: one_of(string=StrictStr, null=None) = None  # type: ignore[valid-type]


class ChatFunctionSchema(Shape):
    name: StrictStr
    description: Optional[StrictStr] = None
    parameters: Optional[dict[str, Any]] = None
    strict: Optional[StrictBool] = None


class ChatFunctionTool(Shape):
    function: ChatFunctionSchema


class ChatRequest(Shape):
    """A Chat Completions request: `messages[]` (role, content, tool_calls, tool_call_id), `tools`,
    `parallel_tool_calls`."""

    messages: list[tagged("role", {"system": ChatSaid, "developer": ChatSaid,  # type: ignore[misc]
                                   "user": ChatSaid, "assistant": ChatAssistant, "tool": ChatToolMessage,
                                   "function": ChatFunctionMessage})]
    tools: Optional[list[tagged("type", {"function": ChatFunctionTool}, other=Typed)]] = None  # type: ignore[misc]
    parallel_tool_calls: Optional[StrictBool] = None


# ---- OpenAI Responses: POST /v1/responses ---------------------------------------------------------

_ResponsesParts = list[tagged("type", {"input_text": TextPart, "output_text": TextPart},  # type: ignore[misc]
                              other=Typed)]


class ResponsesMessage(Shape):
    role: allowed("user", "assistant", "system", "developer")  # type: ignore[valid-type]
    content: one_of(string=StrictStr, array=_ResponsesParts)  # type: ignore[valid-type]


class ResponsesFunctionCall(Shape):
    call_id: StrictStr
    name: StrictStr
    arguments: StrictStr
    id: Optional[StrictStr] = None


class ResponsesFunctionCallOutput(Shape):
    call_id: StrictStr
    output: one_of(string=StrictStr, array=_ResponsesParts)  # type: ignore[valid-type]
    id: Optional[StrictStr] = None


class ResponsesReasoning(Shape):
    id: StrictStr
    summary: Optional[list[Typed]] = None


class ResponsesFunctionTool(Shape):
    name: StrictStr
    parameters: Optional[dict[str, Any]] = None
    strict: Optional[StrictBool] = None


_ResponsesItem = tagged("type", {"message": ResponsesMessage, "function_call": ResponsesFunctionCall,
                                 "function_call_output": ResponsesFunctionCallOutput,
                                 "reasoning": ResponsesReasoning},
                        other=Typed, default="message")  # an item without a type is a message


class ResponsesRequest(Shape):
    """A Responses request: `input` (text or items), `previous_response_id`, and what the reply echoes
    (`instructions`, `tools`, `tool_choice`, `parallel_tool_calls`)."""

    input: one_of(string=StrictStr, array=list[_ResponsesItem], null=None) = None  # type: ignore[valid-type]
    previous_response_id: Optional[StrictStr] = None
    instructions: Optional[StrictStr] = None
    tools: Optional[list[tagged("type", {"function": ResponsesFunctionTool}, other=Typed)]] = None  # type: ignore[misc]
    tool_choice: one_of(string=StrictStr, object=dict[str, Any], null=None) = None  # type: ignore[valid-type]
    parallel_tool_calls: Optional[StrictBool] = None


# ---- Anthropic Messages: POST /v1/messages --------------------------------------------------------

class AnthropicText(Shape):
    text: StrictStr


class AnthropicToolUse(Shape):
    id: StrictStr
    name: StrictStr
    input: dict[str, Any]


class AnthropicToolResult(Shape):
    tool_use_id: StrictStr
    content: one_of(string=StrictStr, array=list[tagged("type", {"text": AnthropicText},  # type: ignore[misc]
                                                               other=Typed)], null=None) = None
    is_error: Optional[StrictBool] = None


class AnthropicMessage(Shape):
    role: allowed("user", "assistant")  # type: ignore[valid-type]
    content: one_of(string=StrictStr, array=list[tagged(  # type: ignore[misc]
        "type", {"text": AnthropicText, "tool_use": AnthropicToolUse, "tool_result": AnthropicToolResult},
        other=Typed)])


class AnthropicChoice(Shape):
    """tool_choice auto or any."""

    disable_parallel_tool_use: Optional[StrictBool] = None


class AnthropicToolChoice(AnthropicChoice):
    name: StrictStr


class AnthropicTool(Shape):
    name: StrictStr
    type: Optional[StrictStr] = None
    input_schema: Optional[dict[str, Any]] = None


class MessagesRequest(Shape):
    """A Messages request: `max_tokens` (first: its error comes first, as before), `messages[]` with
    their content blocks, `system`, `tools`, `tool_choice`."""

    max_tokens: StrictInt
    messages: list[AnthropicMessage]
    system: one_of(string=StrictStr, array=list[tagged("type", {"text": AnthropicText})],  # type: ignore[misc]
                   null=None) = None
    tools: Optional[list[AnthropicTool]] = None
    tool_choice: Optional[tagged("type", {"auto": AnthropicChoice, "any": AnthropicChoice,  # type: ignore[misc]
                                          "tool": AnthropicToolChoice, "none": Shape})] = None


# ---- Google Gemini: POST /v1beta/models/{model}:generateContent (proto JSON) ----------------------
# Every field may be null (proto JSON reads it as unset) and goes by its camelCase or snake_case
# name; a wrong kind is reported with the proto type's name, as the service does.

_String = one_of("TYPE_STRING", string=StrictStr, null=None)
_Bytes = one_of("TYPE_BYTES", string=StrictStr, null=None)
_Bool = one_of("TYPE_BOOL", boolean=StrictBool, null=None)
_Struct = one_of("type.googleapis.com/google.protobuf.Struct", object=dict[str, Any], null=None)


def _wire(camel: str) -> Any:
    return Field(None, validation_alias=AliasChoices(camel, snake_case(camel)))


# the class names are the protos' names: a list item of the wrong kind is reported by its class name
class FunctionCall(Shape):
    id: _String = None  # type: ignore[valid-type]
    name: _String = None  # type: ignore[valid-type]
    args: _Struct = None  # type: ignore[valid-type]


class FunctionResponse(Shape):
    id: _String = None  # type: ignore[valid-type]
    name: _String = None  # type: ignore[valid-type]
    response: _Struct = None  # type: ignore[valid-type]


class Part(Shape):
    text: _String = None  # type: ignore[valid-type]
    thought: _Bool = None  # type: ignore[valid-type]
    thought_signature: _Bytes = _wire("thoughtSignature")  # type: ignore[valid-type]
    function_call: one_of(PROTO + "FunctionCall", object=FunctionCall,  # type: ignore[valid-type]
                          null=None) = _wire("functionCall")
    function_response: one_of(PROTO + "FunctionResponse", object=FunctionResponse,  # type: ignore[valid-type]
                              null=None) = _wire("functionResponse")


_Parts = one_of(PROTO + "Part", array=list[Part], null=None)


class Content(Shape):
    role: one_of("TYPE_STRING", string=allowed("user", "model"), null=None) = None  # type: ignore[valid-type]
    parts: _Parts = None  # type: ignore[valid-type]


class SystemInstruction(Shape):
    """A Content whose role the service does not read."""

    role: _String = None  # type: ignore[valid-type]
    parts: _Parts = None  # type: ignore[valid-type]


class GenerateContentRequest(Shape):
    """A generateContent request: `contents[].parts[]` and `systemInstruction`."""

    contents: one_of(PROTO + "Content", array=list[Content], null=None) = None  # type: ignore[valid-type]
    system_instruction: one_of(PROTO + "Content", object=SystemInstruction,  # type: ignore[valid-type]
                               null=None) = _wire("systemInstruction")
