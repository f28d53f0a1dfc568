package oracle

import (
	"fmt"
	"strings"

	"github.com/httpsim/httpsim/internal/corpus"
)

// Diff returns a readable line diff of two transcripts, section by section,
// in the byte notation of the transcript files; "" if they are equal.
// wantName and gotName label the two sides.
func Diff(wantName string, want *corpus.Transcript, gotName string, got *corpus.Transcript) string {
	var b strings.Builder
	section := func(name string, w, g []byte) {
		if string(w) == string(g) {
			return
		}
		fmt.Fprintf(&b, "--- %s (%s)\n+++ %s (%s)\n", name, wantName, name, gotName)
		b.WriteString(lineDiff(lines(corpus.Encode(w)), lines(corpus.Encode(g))))
	}
	section("response", want.Response, got.Response)
	section("stderr", want.Stderr, got.Stderr)
	section("stdout", want.Stdout, got.Stdout)
	exit := func(t *corpus.Transcript) string {
		if !t.Exited {
			return "still running (killed after the case)"
		}
		return fmt.Sprintf("exited with status %d", t.ExitCode)
	}
	if w, g := exit(want), exit(got); w != g {
		fmt.Fprintf(&b, "--- exit\n-%s\n+%s\n", w, g)
	}
	return b.String()
}

func lines(text []byte) []string {
	if len(text) == 0 {
		return nil
	}
	return strings.SplitAfter(strings.TrimSuffix(string(text), "\n"), "\n")
}

// lineDiff returns a diff of the line lists a and b with up to three lines
// of context around each change.
func lineDiff(a, b []string) string {
	const context = 3
	ops := diffOps(a, b)
	var out strings.Builder
	// Print changed lines and the context around them.
	keep := make([]bool, len(ops))
	for i, op := range ops {
		if op.kind != ' ' {
			for j := max(0, i-context); j <= min(len(ops)-1, i+context); j++ {
				keep[j] = true
			}
		}
	}
	skipped := false
	for i, op := range ops {
		if !keep[i] {
			skipped = true
			continue
		}
		if skipped || i == 0 {
			fmt.Fprintf(&out, "@@ line %d @@\n", op.line)
			skipped = false
		}
		out.WriteByte(op.kind)
		out.WriteString(strings.TrimSuffix(op.text, "\n"))
		out.WriteByte('\n')
	}
	return out.String()
}

type diffOp struct {
	kind byte // ' ', '-' or '+'
	text string
	line int // 1-based line in a (for ' ' and '-') or b (for '+')
}

// diffOps computes an edit script by longest common subsequence after
// trimming the common prefix and suffix; a middle too large for the
// quadratic table is shown as all removed, then all added.
func diffOps(a, b []string) []diffOp {
	var ops []diffOp
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		ops = append(ops, diffOp{' ', a[pre], pre + 1})
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(ma)*len(mb) > 1<<20 {
		for i, s := range ma {
			ops = append(ops, diffOp{'-', s, pre + i + 1})
		}
		for j, s := range mb {
			ops = append(ops, diffOp{'+', s, pre + j + 1})
		}
	} else {
		// lcs[i][j] is the LCS length of ma[i:] and mb[j:].
		lcs := make([][]int32, len(ma)+1)
		for i := range lcs {
			lcs[i] = make([]int32, len(mb)+1)
		}
		for i := len(ma) - 1; i >= 0; i-- {
			for j := len(mb) - 1; j >= 0; j-- {
				if ma[i] == mb[j] {
					lcs[i][j] = lcs[i+1][j+1] + 1
				} else {
					lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
				}
			}
		}
		i, j := 0, 0
		for i < len(ma) || j < len(mb) {
			switch {
			case i < len(ma) && j < len(mb) && ma[i] == mb[j]:
				ops = append(ops, diffOp{' ', ma[i], pre + i + 1})
				i++
				j++
			case i < len(ma) && (j == len(mb) || lcs[i+1][j] >= lcs[i][j+1]):
				ops = append(ops, diffOp{'-', ma[i], pre + i + 1})
				i++
			default:
				ops = append(ops, diffOp{'+', mb[j], pre + j + 1})
				j++
			}
		}
	}
	for k := len(a) - suf; k < len(a); k++ {
		ops = append(ops, diffOp{' ', a[k], k + 1})
	}
	return ops
}
