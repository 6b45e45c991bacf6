"""Workers forked from one zygote (zoo/grading/zygote.py) share nothing a submission could use: each has its own
working folder, sees only its own processes and has no capability; a killed zygote is replaced."""
import select

from zoo.grading.jail import interpreter
from zoo.grading.sandbox import Sandbox
from zoo.grading.zygote import Zygote


def started():
    sandbox = Sandbox()
    sandbox.wait_until_ready()
    sandbox.set_time_limit(60)
    return sandbox


def test_two_workers_of_one_zygote_see_nothing_of_each_other():
    first, second = started(), started()
    try:
        assert first.zygote is second.zygote
        assert first.exec_cell("a", "import os, subprocess\nopen('answers.txt', 'w').write('mine')\n"
                                    "sleeper = subprocess.Popen(['sleep', '60'])") is not None  # stopped: it outlived the cell
        assert second.exec_cell("b", (
            "import os\n"
            "assert os.listdir('.') == [], os.listdir('.')\n"
            "assert os.getpid() == 1 and [p for p in os.listdir('/proc') if p.isdigit()] == ['1'], os.listdir('/proc')\n"
            "status = dict(line.split(':', 1) for line in open('/proc/self/status'))\n"
            "assert all(int(status[c], 16) == 0 for c in ('CapEff', 'CapPrm', 'CapBnd')), status\n"
            "assert int(status['NoNewPrivs']) == 1")) is None
    finally:
        first.close(), second.close()


def test_a_killed_zygote_is_replaced_and_its_workers_end_with_it():
    sandbox = started()
    sandbox.zygote.close()
    assert select.select([sandbox.pidfd], [], [], 10)[0], "the worker outlived its zygote"  # readable once it ended
    replacement = started()
    try:
        assert replacement.zygote is not sandbox.zygote
        assert replacement.exec_cell("b", "import torch\nx = torch.ones(2).sum().item()") is None
        assert Zygote.shared(interpreter(), 2048) is replacement.zygote
    finally:
        sandbox.close(), replacement.close()
