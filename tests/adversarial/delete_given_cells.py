# attack: delete every given code cell (imports, helpers) and leave the question unanswered
# answer: stub
# expect: zero
# feedback: was changed or deleted
# edit: delete-given

pass
