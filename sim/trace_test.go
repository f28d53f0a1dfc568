package sim

import (
	"strings"
	"testing"
)

// TestTraceLinks: every frame of the dispatch path links to a def line of
// the chosen version (frames of our own handler files link to the file
// and line instead), for requests that take each branch.
func TestTraceLinks(t *testing.T) {
	raws := []string{
		"GET /a.txt HTTP/1.0\r\n\r\n",
		"GET / HTTP/1.0\r\n\r\n",
		"GET /sub HTTP/1.0\r\n\r\n",
		"HEAD /nope HTTP/1.0\r\n\r\n",
		"get / HTTP/1.0\r\n\r\n",
		"GET / HTTP/2.0\r\n\r\n",
		"GET /a.txt HTTP/1.1\r\nExpect: 100-continue\r\n\r\nGET /a.txt HTTP/1.1\r\n\r\n",
		"POST / HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=1",
		"PUT /new.txt HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi",
		"GET /" + strings.Repeat("a", 70000) + " HTTP/1.0\r\n\r\n",
	}
	checked := 0
	for _, p := range Profiles() {
		for _, cls := range []*Class{SimpleHandler, SeedHandler, UploadHandler} {
			fsys := sampleMemFS(t)
			s := &Server{Profile: p, Handler: cls, FS: fsys, Protocol: "HTTP/1.1"}
			for _, raw := range raws {
				res := s.Handle([]byte(raw))
				if res.Refused {
					continue
				}
				for _, ex := range res.Exchanges {
					if len(ex.Trace) == 0 {
						t.Errorf("%s %s %.30q: no trace", p.Name, cls.Name, raw)
					}
					checked += len(ex.Trace)
					for _, f := range ex.Trace {
						switch {
						case f.File == cls.File && cls.File != "":
							if f.Line == 0 {
								t.Errorf("%s %s: frame %s has no line in %s", p.Name, cls.Name, f.Fn, f.File)
							}
						case f.URL == "" || f.Line == 0 || !strings.Contains(f.URL, "/v"+p.Version+"/"):
							t.Errorf("%s %s %.30q: frame %s has no source link (%q, line %d)", p.Name, cls.Name, raw, f.Fn, f.URL, f.Line)
						}
					}
				}
			}
		}
	}
	if checked < 1000 {
		t.Errorf("only %d frames checked", checked)
	}
	t.Logf("%d frames checked", checked)
}
