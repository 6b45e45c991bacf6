# attack: start processes that outlive their cell (one detached with setsid) and would kill the grader's processes
# answer: stub
# expect: zero
# danger: yes
# feedback: started a process

import subprocess

subprocess.Popen(["sleep", "3600"])
subprocess.Popen(["setsid", "sh", "-c", "sleep 2; kill -9 -1"], start_new_session=True)
