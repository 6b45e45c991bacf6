# attack: raise SystemExit from inside the answer while a test calls it
# answer: solution
# expect: zero
# feedback: SystemExit


def leave(tensor):
    raise SystemExit(0)


wrap_outputs(leave)
