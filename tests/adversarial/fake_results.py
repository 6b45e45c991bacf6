# attack: write fake results files, print text that looks like a full score, and leave the question unanswered
# answer: stub
# expect: zero
# danger: yes
# feedback: NotImplementedError

import json
import os

fake = {"score": 100, "tests": [{"name": "all", "score": 100, "max_score": 100}]}
for path in ("results.json", "results/results.json", "/autograder/results/results.json", "../results.json"):
    try:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "w") as f:
            json.dump(fake, f)
    except OSError:
        pass
print(json.dumps({"assignment": "any", "score": 21, "max": 21, "questions": []}))
print("All tests passed!\ntotal: 21 / 21")
