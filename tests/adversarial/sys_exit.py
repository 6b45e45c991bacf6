# attack: end the interpreter with sys.exit(0) in a cell
# answer: stub
# expect: zero
# feedback: SystemExit

import sys

sys.exit(0)
