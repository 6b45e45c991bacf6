# attack: allocate memory until the machine runs out, inside the answer while a test calls it
# answer: solution
# expect: zero
# danger: yes
# feedback: MemoryError|out of memory|ended


def bomb(tensor):
    hoard = []
    while True:
        hoard.append(bytearray(2**28))


wrap_outputs(bomb)
