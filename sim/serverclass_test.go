package sim

import "testing"

func TestServerClassResolution(t *testing.T) {
	tests := []struct {
		python, server string
		cls            *Class
		name           string
		threaded       bool
	}{
		{"2.7", "", SimpleHandler, "HTTPServer", false},
		{"3.6", "", SimpleHandler, "HTTPServer", false},
		{"3.7", "", SimpleHandler, "ThreadingHTTPServer", true},
		{"3.8", "", SimpleHandler, "DualStackServer", true},
		{"3.13", "cli", SeedHandler, "DualStackServer", true},
		{"2.7", "", SeedHandler, "TCPServer", false},
		{"3.13", "", SeedHandler, "TCPServer", false},
		{"3.6", "", UploadHandler, "HTTPServer", false},
		{"3.7", "", UploadHandler, "ThreadingHTTPServer", true},
		{"3.12", "tcpserver", SimpleHandler, "TCPServer", false},
		{"3.12", "HTTPServer", SimpleHandler, "HTTPServer", false},
		{"2.7", "ThreadingHTTPServer", SimpleHandler, "ThreadingHTTPServer", true},
		{"3.12", "", BaseHandler, "TCPServer", false},
	}
	for _, tt := range tests {
		p, _ := Lookup(tt.python)
		s := &Server{Profile: p, Handler: tt.cls, ServerClass: tt.server}
		if got := s.ServerClassName(); got != tt.name {
			t.Errorf("%s %s under %q: ServerClassName() = %q, want %q", tt.python, tt.cls.Name, tt.server, got, tt.name)
		}
		if got := s.Threaded(); got != tt.threaded {
			t.Errorf("%s %s under %q: Threaded() = %v, want %v", tt.python, tt.cls.Name, tt.server, got, tt.threaded)
		}
	}
	for _, bad := range []string{"ForkingTCPServer", "x", "DualStackServer"} {
		if _, err := ParseServerClass(bad); err == nil {
			t.Errorf("ParseServerClass(%q): no error", bad)
		}
	}
}
