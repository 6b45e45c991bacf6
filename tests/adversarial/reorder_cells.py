# attack: reverse the order of every cell in the notebook and leave the question unanswered
# answer: stub
# expect: zero
# feedback: NotImplementedError
# edit: reorder

pass
