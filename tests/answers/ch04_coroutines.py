"""Sample submissions for 04_coroutines: right ones written differently, and wrong ones."""

from submissions import Variant

FULL = {"test_shout": 1, "test_steep": 2, "test_follow_recipe": 3, "test_total_wait": 2}

CORRECT = {
    "shout": 'async def shout(word: str) -> str:\n    return word.upper() + "!"\n',
    "steep": 'async def steep(seconds: float) -> str:\n    await asyncio.sleep(seconds)\n    return "tea is ready"\n',
    "follow_recipe": (
        "async def follow_recipe(steps):\n"
        "    finished = []\n"
        "    for label, seconds in steps:\n"
        "        await delay(seconds, label)\n"
        "        finished.append(label)\n"
        "    return finished\n"
    ),
    "total_wait": (
        "async def total_wait(first, second):\n"
        '    a = await delay(first, "first")\n'
        '    b = await delay(second, "second")\n'
        "    return a + b\n"
    ),
}

# Correct, but not the way the instructor wrote it.
ALTERNATIVE = {
    "shout": "async def shout(word):\n    return f'{word.upper()}!'\n",
    "steep": (
        "async def steep(seconds):\n"
        "    loop = asyncio.get_running_loop()\n"
        "    done = loop.create_future()\n"
        "    loop.call_later(seconds, done.set_result, 'tea is ready')\n"
        "    return await done\n"
    ),
    "follow_recipe": (
        "async def follow_recipe(steps):\n"
        "    async def one(label, seconds):\n"
        "        await delay(seconds, label=label, quiet=True)\n"
        "        return label\n"
        "    return [await one(*step) for step in steps]\n"
    ),
    "total_wait": (
        "async def total_wait(first, second):\n"
        '    return sum([await delay(first, "first"), await delay(second, "second")])\n'
    ),
}

VARIANTS = {
    "correct": Variant(CORRECT, FULL),
    "alternative": Variant(ALTERNATIVE, FULL),
    "unanswered": Variant({}, {k: 0 for k in FULL}),
    "too_slow": Variant(
        {**CORRECT, "steep": "async def steep(seconds):\n    await asyncio.sleep(seconds)\n"
                             "    await asyncio.sleep(seconds)\n    return 'tea is ready'\n"},
        {**FULL, "test_steep": 0},
    ),
    "time_sleep": Variant(
        {**CORRECT, "steep": "import time\nasync def steep(seconds):\n    time.sleep(seconds)\n"
                             "    return 'tea is ready'\n"},
        {**FULL, "test_steep": 0},
    ),
    "infinite_loop": Variant(
        {**CORRECT, "steep": "async def steep(seconds):\n    while True:\n        pass\n"},
        {**FULL, "test_steep": 0},
    ),
    "exception": Variant(
        {**CORRECT, "shout": "async def shout(word):\n    raise ValueError('no shouting here')\n"},
        {**FULL, "test_shout": 0},
    ),
    # A student who makes every test cell "pass" by editing it, and deletes an answer cell.
    "edited_tests": Variant(
        {},
        {k: 0 for k in FULL},
        edits={"test_shout": "pass", "test_steep": "pass"},
        delete=("follow_recipe",),
    ),
}
