package oracle

import (
	"strings"
	"testing"

	"github.com/httpsim/httpsim/internal/corpus"
)

func TestDiff(t *testing.T) {
	a := &corpus.Transcript{
		Response: []byte("HTTP/1.0 200 OK\r\nServer: x\r\nDate: $DATE\r\nContent-type: text/plain\r\n\r\nhello\n"),
		Stderr:   []byte("log\n"),
	}
	if d := Diff("a", a, "b", a); d != "" {
		t.Errorf("Diff of equal transcripts = %q", d)
	}
	b := &corpus.Transcript{
		Response: []byte("HTTP/1.0 200 OK\r\nServer: x\r\nDate: $DATE\r\nContent-Type: text/plain\r\n\r\nhello\n"),
		Stderr:   []byte("log\n"),
		Exited:   true, ExitCode: 1,
	}
	want := `--- response (a)
+++ response (b)
@@ line 1 @@
 HTTP/1.0 200 OK\r\n
 Server: x\r\n
 Date: $DATE\r\n
-Content-type: text/plain\r\n
+Content-Type: text/plain\r\n
 \r\n
 hello\n
--- exit
-still running (killed after the case)
+exited with status 1
`
	if d := Diff("a", a, "b", b); d != want {
		t.Errorf("Diff =\n%s\nwant\n%s", d, want)
	}
}

func TestLineDiffContext(t *testing.T) {
	var a, b []string
	for i := range 20 {
		s := strings.Repeat("x", i) + "\n"
		a = append(a, s)
		b = append(b, s)
	}
	b[10] = "changed\n"
	b = append(b[:15], b[16:]...)
	got := lineDiff(a, b)
	want := "@@ line 8 @@\n xxxxxxx\n xxxxxxxx\n xxxxxxxxx\n-xxxxxxxxxx\n+changed\n xxxxxxxxxxx\n" +
		" xxxxxxxxxxxx\n xxxxxxxxxxxxx\n xxxxxxxxxxxxxx\n-xxxxxxxxxxxxxxx\n xxxxxxxxxxxxxxxx\n xxxxxxxxxxxxxxxxx\n xxxxxxxxxxxxxxxxxx\n"
	if got != want {
		t.Errorf("lineDiff =\n%s\nwant\n%s", got, want)
	}
}
