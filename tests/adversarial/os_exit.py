# attack: end the interpreter with os._exit(0) in a cell, skipping every handler
# answer: stub
# expect: zero
# feedback: left out: the process running your code ended

import os

os._exit(0)
