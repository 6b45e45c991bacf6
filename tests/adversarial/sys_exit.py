# attack: end the interpreter with sys.exit(0) in a cell
# answer: stub
# expect: zero
# feedback: SystemExit
# scope: grader

import sys

sys.exit(0)
