"""A slow mail server for the sign-in alert benchmark: aiosmtpd on 127.0.0.1:PORT that takes every
message, waits DELAY seconds before answering its DATA, and counts the messages it took in COUNT_FILE.

Usage: python3 slow_smtp.py PORT DELAY COUNT_FILE
"""

import asyncio
import signal
import sys

from aiosmtpd.controller import Controller


class Slow:
    def __init__(self, delay, count_file):
        self.delay = delay
        self.count_file = count_file
        self.taken = 0

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        self.taken += 1
        with open(self.count_file, "w") as out:
            out.write(str(self.taken))
        return "250 Message accepted"


def main():
    port, delay, count_file = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    controller = Controller(Slow(delay, count_file), hostname="127.0.0.1", port=port)
    controller.start()
    print("listening", flush=True)
    # The controller serves from its own thread; this one waits to be stopped.
    try:
        signal.pause()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
