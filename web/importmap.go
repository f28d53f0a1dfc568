package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
)

// The page loads CodeMirror as the ES modules npm ships, vendored into
// dist/vendor/ by `make web`, with bare specifiers ("@codemirror/view")
// resolved by an import map in index.html. Browsers only read import maps
// written inline (a src= import map is not supported), and the page's CSP
// allows no inline script, so [Handler] adds the map's SHA-256 to
// script-src. The hash is computed from the index.html it serves, so
// editing the map cannot leave a stale hash behind. The alternatives were
// worse: 'unsafe-inline' would let any injected script run, and rewriting
// the vendored files' imports to relative paths is a bundler step.

// importMapRE finds the one inline import map. index.html writes it
// exactly so; a second one, or one with attributes, is an error.
var importMapRE = regexp.MustCompile(`(?s)<script type="importmap">(.*?)</script>`)

// ImportMap returns the text of index's inline import map (what the CSP
// hash covers) and its "imports": bare specifier -> URL relative to the
// page.
func ImportMap(index []byte) (text []byte, imports map[string]string, err error) {
	m := importMapRE.FindAllSubmatch(index, -1)
	switch {
	case len(m) == 0:
		return nil, nil, errors.New(`web: index.html has no <script type="importmap">`)
	case len(m) > 1:
		return nil, nil, errors.New("web: index.html has more than one import map")
	}
	if n := bytes.Count(index, []byte(`importmap`)); n != 1 {
		return nil, nil, fmt.Errorf("web: index.html mentions importmap %d times; write the map once, exactly as <script type=\"importmap\">", n)
	}
	var doc struct {
		Imports map[string]string `json:"imports"`
	}
	if err := json.Unmarshal(m[0][1], &doc); err != nil {
		return nil, nil, fmt.Errorf("web: the import map in index.html: %w", err)
	}
	return m[0][1], doc.Imports, nil
}

// scriptHash is the CSP source expression for an inline script's text.
func scriptHash(text []byte) string {
	sum := sha256.Sum256(text)
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// pageCSP is the Content-Security-Policy for a page whose index.html
// holds index: the base policy with the import map's hash allowed, framed
// only by ancestors (see [cspWith]). A page without an import map gets the
// base policy.
func pageCSP(index []byte, ancestors string) string {
	text, _, err := ImportMap(index)
	if err != nil {
		return cspWith("", ancestors)
	}
	return cspWith(" "+scriptHash(text), ancestors)
}
