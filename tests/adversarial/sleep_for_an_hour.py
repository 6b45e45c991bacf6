# attack: a cell that sleeps for an hour
# answer: stub
# expect: zero
# feedback: timed out after

import time

time.sleep(3600)
