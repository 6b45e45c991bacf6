# attack: start a thread that outlives its cell and ends the interpreter a moment later, in the middle of another question's tests
# answer: stub
# expect: zero
# feedback: started a thread

import os
import threading
import time


def later():
    time.sleep(1)
    os._exit(0)


threading.Thread(target=later, daemon=True, name="time bomb").start()
