# attack: rename the notebook file and leave the question unanswered (the others are still graded)
# answer: stub
# expect: zero
# feedback: NotImplementedError
# edit: rename

pass
