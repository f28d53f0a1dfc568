# printable.py prints, one "LO HI" pair a line (decimal), the ranges of
# code points c for which str.isprintable() holds in the running
# interpreter. go test ./sim/pycgi -run TestPrintableTable -update
# turns the output of each 3.x interpreter into zz_printable.go.
import sys

start = None
out = []
for c in range(0x110000):
    p = chr(c).isprintable()
    if p and start is None:
        start = c
    elif not p and start is not None:
        out.append('%d %d' % (start, c - 1))
        start = None
if start is not None:
    out.append('%d %d' % (start, 0x10FFFF))
sys.stdout.write('\n'.join(out) + '\n')
