"""The virtual clock: exact loop time for timers, real time while real work is pending."""

import asyncio
import socket
import threading
import time

from autograder import run_virtual
from autograder.virtual_clock import VirtualClockLoop


def test_sleep_costs_exact_loop_time_and_almost_no_wall_time():
    async def nap():
        await asyncio.sleep(3)

    outcome = run_virtual(nap)
    assert outcome.ok
    assert outcome.loop_time == 3.0
    assert outcome.wall_time < 1.0  # 3 s of timers must not be waited for in real time


def test_concurrent_sleeps_take_the_longest_sequential_the_sum():
    async def together():
        await asyncio.gather(asyncio.sleep(3), asyncio.sleep(3), asyncio.sleep(3))

    async def one_by_one():
        for _ in range(3):
            await asyncio.sleep(3)

    assert run_virtual(together).loop_time == 3.0
    assert run_virtual(one_by_one).loop_time == 9.0


def test_timeout_fires_at_its_exact_time():
    async def slow():
        await asyncio.wait_for(asyncio.sleep(10), timeout=2.5)

    outcome = run_virtual(slow)
    assert isinstance(outcome.error, TimeoutError)
    assert outcome.loop_time == 2.5


def test_many_timers_keep_their_order():
    async def racers():
        order = []

        async def runner(n):
            await asyncio.sleep(n / 10)
            order.append(n)

        await asyncio.gather(*(runner(n) for n in (7, 3, 9, 1, 5)))
        return order

    assert run_virtual(racers).result == [1, 3, 5, 7, 9]


def test_executor_work_waits_in_real_time():
    async def offload():
        loop = asyncio.get_running_loop()
        await asyncio.wait_for(loop.run_in_executor(None, time.sleep, 0.2), timeout=5)
        return "done"

    outcome = run_virtual(offload)
    assert outcome.result == "done"
    assert 0.15 <= outcome.loop_time < 5  # the 5 s timeout must not have been jumped to


def test_to_thread_is_real_work_too():
    async def offload():
        return await asyncio.wait_for(asyncio.to_thread(lambda: (time.sleep(0.1), "ok")[1]), timeout=3)

    assert run_virtual(offload).result == "ok"


def test_timer_and_executor_race_keeps_real_order():
    async def race():
        loop = asyncio.get_running_loop()
        order = []

        async def timer(seconds, name):
            await asyncio.sleep(seconds)
            order.append(name)

        async def thread_job():
            await loop.run_in_executor(None, time.sleep, 0.2)
            order.append("thread 0.2")

        await asyncio.gather(thread_job(), timer(0.05, "timer 0.05"), timer(0.6, "timer 0.6"))
        return order

    assert run_virtual(race).result == ["timer 0.05", "thread 0.2", "timer 0.6"]


def test_real_socket_io_is_not_jumped_over():
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]

        def answer_later():
            conn, _ = server.accept()
            with conn:
                time.sleep(0.2)
                conn.sendall(b"pong")

        helper = threading.Thread(target=answer_later, daemon=True)
        helper.start()

        async def ask():
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            try:
                return await asyncio.wait_for(reader.read(4), timeout=5)
            finally:
                writer.close()

        outcome = run_virtual(ask)
        helper.join(5)
    assert outcome.result == b"pong"
    assert outcome.loop_time < 5


def test_loop_reports_a_deadlock_instead_of_waiting():
    stuck = []
    loop = VirtualClockLoop(on_stuck=lambda: (stuck.append(loop.time()), future.cancel()))
    future = loop.create_future()
    try:
        loop.run_until_complete(asyncio.wait([future]))
    finally:
        loop.close()
    assert stuck == [0.0]


def test_time_limit_stops_an_endless_sleeper():
    async def forever():
        while True:
            await asyncio.sleep(1)

    outcome = run_virtual(forever, loop_time_limit=100)
    assert outcome.stopped == "loop-time limit"
    assert outcome.loop_time == 100
    assert "await asyncio.sleep(1)" in outcome.where


def test_a_future_bridged_by_hand_from_a_pool_is_real_work():
    from concurrent.futures import ThreadPoolExecutor

    async def bridged():
        with ThreadPoolExecutor(2) as pool:
            job = asyncio.wrap_future(pool.submit(time.sleep, 0.2))
            await asyncio.wait_for(job, timeout=5)  # must not be jumped to a timeout
        return "done"

    outcome = run_virtual(bridged)
    assert outcome.result == "done", outcome.describe_failure()
    assert 0.15 <= outcome.loop_time < 5
