package corpus

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/httpsim/httpsim/internal/fixture"
)

// Placeholders that [Normalize] writes in place of values that change from
// run to run.
const (
	DatePlaceholder  = "$DATE"  // Date header value
	NowPlaceholder   = "$NOW"   // Last-Modified of a file written during the run (PUT)
	TimePlaceholder  = "$TIME"  // log_date_time_string in the access log
	PortPlaceholder  = "$PORT"  // server port in the startup line
	CPortPlaceholder = "$CPORT" // client port in handle_error's "request from" line
	RootPlaceholder  = "$ROOT"  // the served directory
	PyLibPlaceholder = "$PYLIB" // the interpreter's standard library directory
	PySrcPlaceholder = "$PYSRC" // the directory the handler script (seed.py, upload.py) runs from
)

// RecordedRoot stands for the directory the oracle's servers serve, which
// the transcripts show as $ROOT: /dev/shm/httpsim-oracle-XXXXXXXX/www, with
// eight hex digits. Its length matters in one place: 3.6 and 3.7 put the
// served directory into the title of a listing whose URL does not unquote
// as UTF-8 (case get_listing_query_bad_utf8), and so into Content-Length.
// A simulation should serve under this name to match that case.
const RecordedRoot = "/dev/shm/httpsim-oracle-00000000/www"

// A Normalizer rewrites a transcript's run-dependent values into
// placeholders. Nothing else is touched: the normalised bytes are what a
// simulator must produce.
type Normalizer struct {
	// Paths maps absolute directory names to placeholders: the served
	// directory to RootPlaceholder, the standard library to
	// PyLibPlaceholder, the handler script directory to PySrcPlaceholder.
	// Replacement is textual, in all three streams, longest path first.
	Paths map[string]string
}

const httpDate = `(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT`

var (
	// A Date header: send_response writes one in every response with headers.
	dateRE = regexp.MustCompile(`(?m)^(Date: )` + httpDate + `(\r?)$`)
	// A Last-Modified header.
	lastModRE = regexp.MustCompile(`(?m)^(Last-Modified: )(` + httpDate + `)(\r?)$`)
	// log_message's "[24/Nov/2026 08:12:16]".
	logTimeRE = regexp.MustCompile(`\[\d\d/(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\d{4} \d\d:\d\d:\d\d\]`)
	// handle_error's "...processing of request from ('127.0.0.1', 54321)".
	clientPortRE = regexp.MustCompile(`(request from \('[^']*', )\d+\)`)
	// The startup line: "Serving HTTP on 127.0.0.1 port 8000 (http://127.0.0.1:8000/) ..."
	// (2.7: "Serving HTTP on 127.0.0.1 port 8000 ...").
	// seed.py prints the question's "serving at port 8000".
	startupRE = regexp.MustCompile(`(?m)^(Serving HTTP on \S+ port |serving at port )\d+( \(http://\S+:)?(\d+)?(/\))?( \.\.\.)?$`)
)

// Normalize rewrites t in place: in the response, Date header values
// become $DATE and Last-Modified values later than the fixture's
// [fixture.ModTime] (files written during the run) become $NOW; in stderr
// and stdout, access-log times become [$TIME], the client port in
// handle_error's report becomes $CPORT and the port in the startup line
// $PORT; everywhere, n.Paths are replaced.
func (n *Normalizer) Normalize(t *Transcript) {
	t.Response = n.paths(NormalizeResponse(t.Response))
	t.Stderr = n.paths(normalizeLog(t.Stderr))
	t.Stdout = n.paths(normalizeLog(t.Stdout))
}

// Normalize is (&Normalizer{}).Normalize: for output that holds no paths,
// such as that of an in-process simulation.
func Normalize(t *Transcript) { (&Normalizer{}).Normalize(t) }

// NormalizeResponse applies the response rules of [Normalizer.Normalize].
func NormalizeResponse(b []byte) []byte {
	b = dateRE.ReplaceAll(b, []byte("${1}"+lit(DatePlaceholder)+"${2}"))
	return lastModRE.ReplaceAllFunc(b, func(m []byte) []byte {
		sm := lastModRE.FindSubmatch(m)
		t, err := time.Parse(time.RFC1123, string(sm[2]))
		if err != nil || !t.After(fixture.ModTime) {
			return m
		}
		return slices.Concat(sm[1], []byte(NowPlaceholder), sm[3])
	})
}

// normalizeLog applies the stderr and stdout rules of [Normalizer.Normalize].
func normalizeLog(b []byte) []byte {
	b = logTimeRE.ReplaceAll(b, []byte("["+lit(TimePlaceholder)+"]"))
	b = clientPortRE.ReplaceAll(b, []byte("${1}"+lit(CPortPlaceholder)+")"))
	return startupRE.ReplaceAllFunc(b, func(m []byte) []byte {
		sm := startupRE.FindSubmatch(m)
		out := slices.Concat(sm[1], []byte(PortPlaceholder))
		if len(sm[2]) > 0 {
			out = slices.Concat(out, sm[2], []byte(PortPlaceholder), sm[4])
		}
		return append(out, sm[5]...)
	})
}

// lit quotes s for use in a regexp replacement template.
func lit(s string) string { return strings.ReplaceAll(s, "$", "$$") }

func (n *Normalizer) paths(b []byte) []byte {
	keys := make([]string, 0, len(n.Paths))
	for k := range n.Paths {
		if k != "" {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b string) int { return len(b) - len(a) })
	for _, k := range keys {
		b = bytes.ReplaceAll(b, []byte(k), []byte(n.Paths[k]))
	}
	return b
}
