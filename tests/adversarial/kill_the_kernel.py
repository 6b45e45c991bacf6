# attack: kill the kernel, its parent and its process group with SIGKILL
# answer: stub
# expect: zero
# danger: yes
# feedback: left out

import os
import signal

for kill in (lambda: os.kill(os.getppid(), signal.SIGKILL), lambda: os.killpg(0, signal.SIGKILL),
             lambda: os.kill(os.getpid(), signal.SIGKILL)):
    try:
        kill()
    except OSError:
        pass
os._exit(9)
