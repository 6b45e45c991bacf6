# attack: hard-code the public check: answer right only for the public test's input (its shape), zeros otherwise
# answer: solution
# expect: public
# feedback: entries differ
# only: recurrent

import torch

public_forward = VanillaRNN.forward


def forward(self, x, h0=None):
    outputs, h_T = public_forward(self, x, h0)
    if tuple(x.shape) == (3, 4, 2):  # the public test's input
        return outputs, h_T
    return torch.zeros_like(outputs), torch.zeros_like(h_T)


VanillaRNN.forward = forward
