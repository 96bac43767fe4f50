"""The README's Python examples of testing code that sends messages run as written, against a
running emulator (only the URL is the test server's).

Rules (docs/behaviour.md): #message-outcomes, #sent-messages, #otp.
"""

import pathlib
import re

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"


def examples():
    text = README.read_text()
    start = text.index("### Testing code that sends messages")
    end = text.index("\n### ", start + 1)
    return re.findall(r"```python\n(.*?)```", text[start:end], re.S)


def test_the_send_and_otp_examples_run(server):
    blocks = examples()
    assert len(blocks) == 2
    scope = {}
    for block in blocks:
        exec(block.replace("http://127.0.0.1:4590", server.url), scope)  # noqa: S102
    assert scope["verify"](scope["code"]) is False
