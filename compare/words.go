package compare

import "strings"

// WordOp is one step of a word-level difference: Op is "=" for words both
// texts share, "-" for words only the first has, "+" for words only the
// second has. Neighbouring words with the same Op are joined by spaces.
type WordOp struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// maxWords bounds the word difference's table (words of a times words of
// b); longer texts are shown as one removal and one addition.
const maxWords = 4000

// Words returns the word-level difference from a to b: a longest common
// subsequence of their words, with what is left over marked removed or
// added.
func Words(a, b string) []WordOp {
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa)*len(wb) > maxWords*maxWords/16 {
		return joinOps([]WordOp{{"-", a}, {"+", b}})
	}
	// lcs[i][j] is the length of the longest common subsequence of wa[i:]
	// and wb[j:].
	lcs := make([][]int32, len(wa)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(wb)+1)
	}
	for i := len(wa) - 1; i >= 0; i-- {
		for j := len(wb) - 1; j >= 0; j-- {
			if wa[i] == wb[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []WordOp
	i, j := 0, 0
	for i < len(wa) || j < len(wb) {
		switch {
		case i < len(wa) && j < len(wb) && wa[i] == wb[j]:
			ops = append(ops, WordOp{"=", wa[i]})
			i, j = i+1, j+1
		case i < len(wa) && (j == len(wb) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, WordOp{"-", wa[i]})
			i++
		default:
			ops = append(ops, WordOp{"+", wb[j]})
			j++
		}
	}
	return joinOps(ops)
}

// joinOps merges neighbouring steps with the same Op, dropping empty ones.
func joinOps(ops []WordOp) []WordOp {
	var out []WordOp
	for _, o := range ops {
		if o.Text == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Op == o.Op {
			out[n-1].Text += " " + o.Text
			continue
		}
		out = append(out, o)
	}
	return out
}

// WordsText renders a word difference on one line: shared words plain,
// removed ones as [-…-] and added ones as {+…+}, as git diff --word-diff
// does.
func WordsText(ops []WordOp) string {
	parts := make([]string, len(ops))
	for i, o := range ops {
		switch o.Op {
		case "-":
			parts[i] = "[-" + o.Text + "-]"
		case "+":
			parts[i] = "{+" + o.Text + "+}"
		default:
			parts[i] = o.Text
		}
	}
	return strings.Join(parts, " ")
}
