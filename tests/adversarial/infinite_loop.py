# attack: loop forever inside the answer while a test calls it
# answer: solution
# expect: zero
# feedback: timed out after


def forever(tensor):
    while True:
        pass


wrap_outputs(forever)
