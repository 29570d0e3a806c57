"""Sample submissions for 04_coroutines: right ones written differently, and wrong ones.

Every exercise has three correct answers in different styles (``correct``, ``alternative``,
``third_way``; for the script ``brew.py``: gather, two tasks, a TaskGroup) and at least three
misconceptions that real students write. A misconception variant breaks several exercises at
once (the tests are independent); ``messages`` names what each failed test must tell the
student.
"""

from submissions import Variant

FULL = {"test_shout": 1, "test_steep": 2, "test_follow_recipe": 3, "test_total_wait": 2, "test_brew": 3}

# Exercise 5 is a script saved by the cell magic `%%writefile brew.py`: each answer is a whole
# script; BREW_STEPS are its two step coroutines, as the statement asks for them.
BREW_STEPS = (
    "%%writefile brew.py\n"
    "import asyncio\n\n\n"
    "async def boil_water(seconds):\n"
    "    print('kettle on')\n"
    "    await asyncio.sleep(seconds)\n"
    "    print('water boiled')\n\n\n"
    "async def grind_beans(seconds):\n"
    "    print('grinder on')\n"
    "    await asyncio.sleep(seconds)\n"
    "    print('beans ground')\n\n\n"
)
GUARD = "\n\nif __name__ == '__main__':\n    asyncio.run(main())\n"

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
    "brew": BREW_STEPS + (
        "async def main(boil=0.2, grind=0.1):\n"
        "    await asyncio.gather(boil_water(boil), grind_beans(grind))\n"
        "    print('coffee is ready')\n"
    ) + GUARD,
}

# Correct, but not the way the instructor wrote it: an f-string, a future completed by a
# timer (what asyncio.sleep does inside), a helper coroutine per step, one expression.
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
    "brew": BREW_STEPS + (
        "async def main(boil=0.2, grind=0.1):\n"
        "    grinding = asyncio.create_task(grind_beans(grind))\n"
        "    boiling = asyncio.create_task(boil_water(boil))\n"
        "    await boiling\n"
        "    await grinding\n"
        "    print('coffee is ready')\n"
        "\n\n"
        "def run():\n"
        "    asyncio.run(main())\n"
        "\n\n"
        "if __name__ == '__main__':\n"
        "    run()\n"
    ),
}

# Correct a third way: sleep's own result; a queue worked by one task, which does the
# steps one at a time; both coroutines created first, awaited one after the other (a
# coroutine does nothing until it is awaited).
THIRD_WAY = {
    "shout": "async def shout(word):\n    return (word + '!').upper()\n",
    "steep": "async def steep(seconds):\n    return await asyncio.sleep(seconds, result='tea is ready')\n",
    "follow_recipe": (
        "async def follow_recipe(steps):\n"
        "    queue = asyncio.Queue()\n"
        "    for step in steps:\n"
        "        queue.put_nowait(step)\n"
        "    finished = []\n"
        "    async def cook():\n"
        "        while True:\n"
        "            label, seconds = await queue.get()\n"
        "            await delay(seconds, label)\n"
        "            finished.append(label)\n"
        "            queue.task_done()\n"
        "    cook_task = asyncio.create_task(cook())\n"
        "    await queue.join()\n"
        "    cook_task.cancel()\n"
        "    await asyncio.gather(cook_task, return_exceptions=True)\n"
        "    return finished\n"
    ),
    "total_wait": (
        "async def total_wait(first, second):\n"
        '    a = delay(first, "first")\n'
        '    b = delay(second, "second")\n'
        "    return await a + await b\n"
    ),
    "brew": BREW_STEPS.replace("import asyncio\n", "import asyncio\nimport sys\n") + (
        "async def main(boil: float = 0.2, grind: float = 0.1) -> int:\n"
        "    async with asyncio.TaskGroup() as steps:\n"
        "        steps.create_task(boil_water(boil))\n"
        "        steps.create_task(grind_beans(grind))\n"
        "    print('coffee is ready')\n"
        "    return 0\n"
        "\n\n"
        "if __name__ == '__main__':\n"
        "    sys.exit(asyncio.run(main()))\n"
    ),
}


def wrong(**answers: str) -> dict[str, str]:
    return {**CORRECT, **answers}


def failing(*tests: str) -> dict[str, float]:
    return {**FULL, **{test: 0 for test in tests}}


VARIANTS = {
    "correct": Variant(CORRECT, FULL),
    "alternative": Variant(ALTERNATIVE, FULL),
    "third_way": Variant(THIRD_WAY, FULL),
    "unanswered": Variant({}, {k: 0 for k in FULL}, messages={k: "not written yet" for k in FULL}),
    # time.sleep freezes the loop; shout written with a plain def; asyncio.sleep in place of
    # the course's delay (right time, but nothing traced); the colleague's code unchanged;
    # brew.py's steps wait with time.sleep (they run one after another).
    "time_sleep": Variant(
        wrong(
            shout="def shout(word):\n    return word.upper() + '!'\n",
            steep="import time\nasync def steep(seconds):\n    time.sleep(seconds)\n    return 'tea is ready'\n",
            follow_recipe=(
                "async def follow_recipe(steps):\n"
                "    for label, seconds in steps:\n"
                "        await asyncio.sleep(seconds)\n"
                "    return [label for label, _ in steps]\n"
            ),
            total_wait=(
                "async def total_wait(first, second):\n"
                '    a = delay(first, "first")\n'
                '    b = delay(second, "second")\n'
                "    return a + b\n"
            ),
            brew=BREW_STEPS.replace("import asyncio\n", "import asyncio\nimport time\n").replace(
                "await asyncio.sleep(seconds)", "time.sleep(seconds)"
            ) + (
                "async def main(boil=0.2, grind=0.1):\n"
                "    await asyncio.gather(boil_water(boil), grind_beans(grind))\n"
                "    print('coffee is ready')\n"
            ) + GUARD,
        ),
        failing("test_shout", "test_steep", "test_follow_recipe", "test_total_wait", "test_brew"),
        messages={
            "test_shout": "define it with `async def`",
            "test_steep": "held the event loop",
            "test_follow_recipe": "traced no step",
            "test_total_wait": "unsupported operand type",
            "test_brew": "one after another",
        },
    ),
    # Waits twice as long; shout prints instead of returning; the steps, or the two
    # delays, run at the same time with gather; brew.py calls asyncio.run once per coroutine.
    "too_slow": Variant(
        wrong(
            shout="async def shout(word):\n    print(word.upper() + '!')\n",
            steep=(
                "async def steep(seconds):\n"
                "    await asyncio.sleep(seconds)\n"
                "    await asyncio.sleep(seconds)\n"
                "    return 'tea is ready'\n"
            ),
            follow_recipe=(
                "async def follow_recipe(steps):\n"
                "    await asyncio.gather(*(delay(seconds, label) for label, seconds in steps))\n"
                "    return [label for label, _ in steps]\n"
            ),
            total_wait=(
                "async def total_wait(first, second):\n"
                '    return sum(await asyncio.gather(delay(first, "first"), delay(second, "second")))\n'
            ),
            brew=BREW_STEPS + (
                "async def main(boil=0.2, grind=0.1):\n"
                "    await boil_water(boil)\n"
                "    await grind_beans(grind)\n"
                "    print('coffee is ready')\n"
                "\n\n"
                "if __name__ == '__main__':\n"
                "    asyncio.run(boil_water(0.2))\n"
                "    asyncio.run(grind_beans(0.1))\n"
                "    print('coffee is ready')\n"
            ),
        ),
        failing("test_shout", "test_steep", "test_follow_recipe", "test_total_wait", "test_brew"),
        messages={
            "test_shout": "did you forget `return`",
            "test_steep": "took the wrong amount of time",
            "test_follow_recipe": "did things in the wrong order",
            "test_total_wait": "did things in the wrong order",
            "test_brew": "one after another",
        },
    ),
    # An endless loop; capitalize() for upper(); the labels collected as the steps finish,
    # all started at once (as_completed); the two delays awaited in the wrong order; brew.py
    # has no __main__ guard, so importing it runs it.
    "infinite_loop": Variant(
        wrong(
            shout="async def shout(word):\n    return word.capitalize() + '!'\n",
            steep="async def steep(seconds):\n    while True:\n        pass\n",
            follow_recipe=(
                "async def follow_recipe(steps):\n"
                "    async def step(label, seconds):\n"
                "        await delay(seconds, label)\n"
                "        return label\n"
                "    return [await done for done in asyncio.as_completed([step(*s) for s in steps])]\n"
            ),
            total_wait=(
                "async def total_wait(first, second):\n"
                '    b = await delay(second, "second")\n'
                '    a = await delay(first, "first")\n'
                "    return a + b\n"
            ),
            brew=BREW_STEPS + (
                "async def main(boil=0.2, grind=0.1):\n"
                "    await asyncio.gather(boil_water(boil), grind_beans(grind))\n"
                "    print('coffee is ready')\n"
            ) + "\n\nasyncio.run(main())\n",
        ),
        failing("test_shout", "test_steep", "test_follow_recipe", "test_total_wait", "test_brew"),
        messages={
            "test_shout": "returned the wrong value",
            "test_steep": "did not finish within",
            "test_follow_recipe": "returned the wrong value",
            "test_total_wait": "did things in the wrong order",
            "test_brew": "importing brew ran the script",
        },
    ),
    # The missing await: asyncio.sleep(seconds) and delay(...) called but never awaited;
    # asyncio.run() called inside a coroutine; shout raises; brew.py calls main() without
    # asyncio.run.
    "missing_await": Variant(
        wrong(
            shout="async def shout(word):\n    raise ValueError('no shouting here')\n",
            steep="async def steep(seconds):\n    asyncio.sleep(seconds)\n    return 'tea is ready'\n",
            follow_recipe=(
                "async def follow_recipe(steps):\n"
                "    finished = []\n"
                "    for label, seconds in steps:\n"
                "        delay(seconds, label)\n"
                "        finished.append(label)\n"
                "    return finished\n"
            ),
            total_wait=(
                "async def total_wait(first, second):\n"
                '    a = asyncio.run(delay(first, "first"))\n'
                '    b = asyncio.run(delay(second, "second"))\n'
                "    return a + b\n"
            ),
            brew=BREW_STEPS + (
                "async def main(boil=0.2, grind=0.1):\n"
                "    await asyncio.gather(boil_water(boil), grind_beans(grind))\n"
                "    print('coffee is ready')\n"
            ) + (
                "\n\nif __name__ == '__main__':\n"
                "    main()\n"
            ),
        ),
        failing("test_shout", "test_steep", "test_follow_recipe", "test_total_wait", "test_brew"),
        messages={
            "test_shout": "raised ValueError",
            "test_steep": "never awaited",
            "test_follow_recipe": "never awaited",
            "test_total_wait": "cannot be called from a running event loop",
            "test_brew": "never awaited",
        },
    ),
    # Exercise 5 written as a notebook cell: `await main()` at the top level of the script.
    # The other answers are right.
    "script_await": Variant(
        wrong(brew=BREW_STEPS + (
            "async def main(boil=0.2, grind=0.1):\n"
            "    await asyncio.gather(boil_water(boil), grind_beans(grind))\n"
            "    print('coffee is ready')\n"
        ) + "\n\nawait main()\n"),
        failing("test_brew"),
        messages={"test_brew": "'await' outside function"},
    ),
    # A student who makes every test cell "pass" by editing it, and deletes an answer cell.
    "edited_tests": Variant(
        {},
        {k: 0 for k in FULL},
        edits={"test_shout": "pass", "test_steep": "pass"},
        delete=("follow_recipe",),
        messages={"test_shout": "not written yet", "test_steep": "not written yet"},
    ),
}
