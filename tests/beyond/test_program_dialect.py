"""The program shape models write: `import asyncio`, `await asyncio.gather(...)`, print(...)."""
from __future__ import annotations

import pytest

import course
from course.beyond.programmatic import MAX_ITEMS, run_program


@course.tool(latency=1.0)
async def get_weather(city: str) -> str:
    """The weather in a city."""
    return f"sunny in {city}"


MODEL_WRITTEN = """import asyncio

cities = ["Paris", "Tokyo", "Lima"]
results = await asyncio.gather(*[get_weather(city=c) for c in cities])
for city, report in zip(cities, results):
    print(f"{city}: {report}")
"""


def _program(code: str):
    return run_program(code, [get_weather]).result("program")


def test_a_model_written_asyncio_gather_runs_its_calls_concurrently():
    trace = run_program(MODEL_WRITTEN, [get_weather])
    assert trace.result("program").ok and trace.makespan == 1.0 and trace.max_concurrency == 3


def test_what_print_writes_is_the_result_of_a_program_that_returns_nothing():
    assert _program(MODEL_WRITTEN).output == "Paris: sunny in Paris\nTokyo: sunny in Tokyo\nLima: sunny in Lima"
    assert _program("print('a', 'b', sep='-', end='')\nprint('c')").output == "a-bc"
    assert _program("print('ignored')\nreturn 42").output == 42  # a returned value wins, as in the course's own shape


def test_gather_and_asyncio_gather_are_one_batch_each():
    plain = run_program("return gather(get_weather(city='a'), get_weather(city='b'))", [get_weather])
    model = run_program("import asyncio\nreturn await asyncio.gather(get_weather(city='a'), get_weather(city='b'))",
                        [get_weather])
    assert plain.result("program").output == model.result("program").output
    assert (plain.makespan, plain.max_concurrency) == (model.makespan, model.max_concurrency) == (1.0, 2)


@pytest.mark.parametrize("code, words", [
    ("import os", "`import asyncio`, for asyncio.gather, is the one import accepted"),
    ("import asyncio, os", "`import` is not available"),
    ("import asyncio as aio", "`import` is not available"),
    ("from asyncio import gather", "`import` is not available"),
    ("import asyncio\nawait asyncio.sleep(1)", "of asyncio, programs have asyncio.gather only"),
    ("import asyncio\nasyncio.run(main())", "of asyncio, programs have asyncio.gather only"),
    ("import asyncio\ng = asyncio.gather", "attribute access"),
    ("import asyncio\nasync def main():\n    pass", "defining functions is not available"),
    ("x = os.gather(get_weather(city='a'))", "only tools and helpers can be called, by name"),
    ("print('a', file=None)", "print(...) takes values, sep= and end= only"),
])
def test_everything_else_of_asyncio_and_import_stays_refused(code, words):
    result = _program(code)
    assert not result.ok and words in result.error


def test_print_is_measured_like_any_value_it_builds():
    result = _program(f"for i in range(3):\n    print('x' * {MAX_ITEMS // 2})")
    assert not result.ok and "larger than programs may build" in result.error
