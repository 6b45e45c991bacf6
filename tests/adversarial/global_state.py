# attack: change the global state a checker could rely on (dtype, seeds, grad mode, determinism, threads, cwd, sys.path, environment) and leave the question unanswered
# answer: stub
# expect: zero
# feedback: NotImplementedError

import os
import random
import sys

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
torch.manual_seed(1234)
np.random.seed(1234)
random.seed(1234)
torch.set_grad_enabled(False)
torch.use_deterministic_algorithms(True)
torch.set_num_threads(1)
os.makedirs("fake_modules", exist_ok=True)
with open("fake_modules/zoo_check.py", "w") as f:
    f.write("def expect_close(*a, **k):\n    pass\n")
sys.path.insert(0, os.path.abspath("fake_modules"))
sys.modules.pop("zoo_check", None)
os.chdir("/")
os.environ.update({"OMP_NUM_THREADS": "64", "CUDA_VISIBLE_DEVICES": "0", "PYTHONHASHSEED": "1"})
