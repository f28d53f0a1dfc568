package corpus

import (
	"slices"
	"strings"
	"testing"
)

func TestParseVersions(t *testing.T) {
	tests := []struct{ in, want string }{
		{"all", "2.7 3.6 3.7 3.8 3.9 3.10 3.11 3.12 3.13 3.14"},
		{"3.7+", "3.7 3.8 3.9 3.10 3.11 3.12 3.13 3.14"},
		{"2.7-3.9", "2.7 3.6 3.7 3.8 3.9"},
		{"2.7, 3.11+", "2.7 3.11 3.12 3.13 3.14"},
		{"3.13,3.6", "3.6 3.13"},
		{"3.14+", "3.14"},
	}
	for _, tt := range tests {
		got, err := parseVersions(tt.in)
		if err != nil || strings.Join(got, " ") != tt.want {
			t.Errorf("parseVersions(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "3.5", "3.15+", "3.9-3.7", "3", "all,"} {
		if got, err := parseVersions(bad); err == nil {
			t.Errorf("parseVersions(%q) = %q, want error", bad, got)
		}
	}
	if !Less("3.9", "3.10") || Less("3.10", "3.9") || !Less("2.7", "3.6") {
		t.Error("Less orders versions wrongly")
	}
}

func TestParseCase(t *testing.T) {
	c, err := ParseCase("x_1", []byte("A case.\n\nhandler: upload\nprotocol: HTTP/1.1\nversions: 3.11+\n-- request --\nPUT /n HTTP/1.1\\r\\n\n\\r\\n\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Handler != Upload || c.Protocol != HTTP11 || !slices.Equal(c.Versions, []string{"3.11", "3.12", "3.13", "3.14"}) ||
		string(c.Request) != "PUT /n HTTP/1.1\r\n\r\n" || !c.RunsOn("3.12") || c.RunsOn("2.7") {
		t.Errorf("ParseCase = %+v", c)
	}
	c, err = ParseCase("d", []byte("Defaults.\n-- request --\nGET\\r\\n\n"))
	if err != nil || c.Handler != Simple || c.Protocol != HTTP10 || len(c.Versions) != len(Versions) {
		t.Errorf("ParseCase defaults = %+v, %v", c, err)
	}
	// Each must fail.
	for _, bad := range []string{
		"handler: cgi\n-- request --\nGET\n",
		"protocol: HTTP/2\n-- request --\nGET\n",
		"versions: 4.0\n-- request --\nGET\n",
		"note: prose that looks like a directive\n-- request --\nGET\n",
		"no request\n",
		"-- request --\n",
		"-- request --\nGET\n-- extra --\n",
		"-- request --\nbad \\q\n",
	} {
		if c, err := ParseCase("bad", []byte(bad)); err == nil {
			t.Errorf("ParseCase(%q) = %+v, want error", bad, c)
		}
	}
	if _, err := ParseCase("Bad-Name", []byte("-- request --\nGET\n")); err == nil {
		t.Error("ParseCase accepted name Bad-Name")
	}
}

// TestCorpus loads the repository's corpus: every case must parse.
func TestCorpus(t *testing.T) {
	dir, err := CorpusDir()
	if err != nil {
		t.Fatal(err)
	}
	cases, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 90 {
		t.Errorf("corpus has %d cases, want at least 90", len(cases))
	}
}

func TestTranscriptRoundTrip(t *testing.T) {
	in := &Transcript{
		Case: "c", Version: "3.13", Command: "python -m http.server",
		Response: []byte("HTTP/1.0 200 OK\r\n\r\n-- x --\n"),
		Stderr:   []byte("127.0.0.1 - - [$TIME] \"GET / HTTP/1.0\" 200 -\n"),
		Exited:   true, ExitCode: 1,
	}
	out, err := ParseTranscript(in.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	if !in.Equal(out) {
		t.Errorf("round trip: got %+v, want %+v", out, in)
	}
	dir := t.TempDir()
	if err := WriteTranscript(dir, in); err != nil {
		t.Fatal(err)
	}
	back, err := ReadTranscript(dir, "3.13.0", "c")
	if err != nil || !in.Equal(back) || back.Version != "3.13" || back.Case != "c" {
		t.Errorf("ReadTranscript = %+v, %v", back, err)
	}
	for _, bad := range []string{"-- response --\n", "-- response --\n-- stderr --\n-- stdout --\n-- exit --\nx\n",
		"-- response --\n-- stderr --\n-- stdout --\n-- bogus --\n", "-- response --\n\\q\n-- stderr --\n-- stdout --\n"} {
		if _, err := ParseTranscript([]byte(bad)); err == nil {
			t.Errorf("ParseTranscript(%q) succeeded", bad)
		}
	}
}

func TestNormalize(t *testing.T) {
	tr := &Transcript{
		Response: []byte("HTTP/1.0 200 OK\r\nDate: Tue, 25 Nov 2025 13:39:01 GMT\r\n" +
			"Last-Modified: Thu, 02 Jan 2020 03:04:05 GMT\r\n\r\n" +
			"HTTP/1.1 200 OK\r\nLast-Modified: Tue, 25 Nov 2025 13:39:01 GMT\r\n\r\n/tmp/root/x"),
		Stderr: []byte("127.0.0.1 - - [25/Nov/2025 13:39:01] \"GET / HTTP/1.0\" 200 -\n" +
			"Exception occurred during processing of request from ('127.0.0.1', 54321)\n" +
			"  File \"/py/lib/python3.13/socketserver.py\", line 1\n"),
		Stdout: []byte("Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ...\nServing HTTP on 127.0.0.1 port 41234 ...\n"),
	}
	n := &Normalizer{Paths: map[string]string{"/tmp/root": RootPlaceholder, "/py/lib/python3.13": PyLibPlaceholder}}
	n.Normalize(tr)
	want := &Transcript{
		Response: []byte("HTTP/1.0 200 OK\r\nDate: $DATE\r\n" +
			"Last-Modified: Thu, 02 Jan 2020 03:04:05 GMT\r\n\r\n" +
			"HTTP/1.1 200 OK\r\nLast-Modified: $NOW\r\n\r\n$ROOT/x"),
		Stderr: []byte("127.0.0.1 - - [$TIME] \"GET / HTTP/1.0\" 200 -\n" +
			"Exception occurred during processing of request from ('127.0.0.1', $CPORT)\n" +
			"  File \"$PYLIB/socketserver.py\", line 1\n"),
		Stdout: []byte("Serving HTTP on 127.0.0.1 port $PORT (http://127.0.0.1:$PORT/) ...\nServing HTTP on 127.0.0.1 port $PORT ...\n"),
	}
	if !tr.Equal(want) {
		t.Errorf("Normalize:\n got %q\n     %q\n     %q\nwant %q\n     %q\n     %q",
			tr.Response, tr.Stderr, tr.Stdout, want.Response, want.Stderr, want.Stdout)
	}
}
