# attack: a cell that sleeps for an hour
# answer: stub
# expect: zero
# feedback: timed out after
# scope: grader

import time

time.sleep(3600)
