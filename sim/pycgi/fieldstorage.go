package pycgi

import (
	"github.com/httpsim/httpsim/sim/internal/pystr"
	"strings"
)

// This file ports cgi.FieldStorage method by method, for Python 3
// (https://github.com/python/cpython/blob/v3.12.1/Lib/cgi.py, with the
// 3.6 differences of
// https://github.com/python/cpython/blob/v3.6.15/Lib/cgi.py) and Python
// 2.7 (https://github.com/python/cpython/blob/v2.7.18/Lib/cgi.py). The
// Go names follow the Python ones; each function says which method it is.

// parser holds what every FieldStorage of one form shares.
type parser struct {
	minor     int
	py3       bool
	in        *stream
	maxFields *int
	memLimit  int64
	depth     int
}

// recursionLevels is, per interpreter, how many multipart levels nested
// inside the form the recursion limit (1000) lets FieldStorage parse;
// one more raises RecursionError (RuntimeError in 2.7). The exact point
// depends on how deep the stack already is when do_POST runs and on
// which inner call crosses the limit, so these counts, measured under
// testdata/driver.py, are approximate by a few levels for a real server,
// and the frames and bytes consumed of that error are approximate too.
var recursionLevels = map[int]int{27: 196, 36: 195, 37: 327, 38: 326, 39: 327, 310: 327, 311: 327, 312: 372}

// recursionMessage is str() of that error per interpreter.
var recursionMessage = map[int]string{
	27: "maximum recursion depth exceeded", 36: "maximum recursion depth exceeded",
	37: "maximum recursion depth exceeded in comparison", 38: "maximum recursion depth exceeded in comparison",
	39: "maximum recursion depth exceeded in comparison", 310: "maximum recursion depth exceeded in comparison",
	311: "maximum recursion depth exceeded while calling a Python object",
	312: "maximum recursion depth exceeded",
}

// pyInt is a Python int that may not fit in an int64: over is +1 or -1
// when the value lies above or below the int64 range, and v then holds
// the nearest int64.
type pyInt struct {
	v    int64
	over int
}

// optInt is an int that may be None.
type optInt struct {
	v   int64
	set bool
}

// item is one element of FieldStorage.list.
type item interface {
	repr(sb *strings.Builder, p *parser)
}

// miniField is cgi.MiniFieldStorage.
type miniField struct{ name, value string }

// repr is MiniFieldStorage.__repr__.
func (m *miniField) repr(sb *strings.Builder, p *parser) {
	sb.WriteString("MiniFieldStorage(")
	p.reprText(sb, m.name)
	sb.WriteString(", ")
	p.reprText(sb, m.value)
	sb.WriteString(")")
}

// fieldStorage is one cgi.FieldStorage: the form itself or a part.
type fieldStorage struct {
	p         *parser
	headers   headerMap
	outer     string // outerboundary, bytes
	name      *string
	filename  *string
	binary    bool // 3.x _binary_file
	ctype     string
	inner     string // innerboundary, bytes
	length    pyInt
	limit     optInt // 3.x only
	bytesRead int64  // 3.x only
	list      []item
	hasList   bool
	file      *strings.Builder // nil: self.file is None
	fileText  bool             // 3.x text file (str), else bytes
	done      int
}

// repr is FieldStorage.__repr__: name, filename and value, where value
// is the file's content, else the list, else None.
func (fs *fieldStorage) repr(sb *strings.Builder, p *parser) {
	sb.WriteString("FieldStorage(")
	p.reprOpt(sb, fs.name)
	sb.WriteString(", ")
	p.reprOpt(sb, fs.filename)
	sb.WriteString(", ")
	switch {
	case fs.file != nil:
		if p.py3 && !fs.fileText {
			sb.WriteString("b")
			reprBytes(sb, fs.file.String())
		} else {
			p.reprText(sb, fs.file.String())
		}
	case fs.hasList:
		reprList(sb, p, fs.list)
	default:
		sb.WriteString("None")
	}
	sb.WriteString(")")
}

func reprList(sb *strings.Builder, p *parser, list []item) {
	sb.WriteString("[")
	for i, it := range list {
		if i > 0 {
			sb.WriteString(", ")
		}
		it.repr(sb, p)
	}
	sb.WriteString("]")
}

// reprText writes repr() of a str: text in 3.x, bytes in 2.7.
func (p *parser) reprText(sb *strings.Builder, s string) {
	if p.py3 {
		reprStr(sb, s, p.minor)
	} else {
		reprBytes(sb, s)
	}
}

func (p *parser) reprOpt(sb *strings.Builder, s *string) {
	if s == nil {
		sb.WriteString("None")
		return
	}
	p.reprText(sb, *s)
}

// newFieldStorage is FieldStorage.__init__ for a POST with the given
// headers, outer boundary and (3.x) limit.
func (p *parser) newFieldStorage(headers headerMap, outer string, limit optInt, maxFields *int) (*fieldStorage, *PyError) {
	fs := &fieldStorage{p: p, headers: headers, outer: outer, limit: limit}
	disp := map[string]string{}
	if v, ok := headers.get("content-disposition"); ok {
		_, disp = parseHeader(v, p.py3)
	}
	if v, ok := disp["name"]; ok {
		fs.name = &v
	}
	if v, ok := disp["filename"]; ok {
		fs.filename = &v
	}
	fs.binary = fs.filename != nil

	var params map[string]string
	if v, ok := headers.get("content-type"); ok {
		fs.ctype, params = parseHeader(v, p.py3)
	} else if outer != "" {
		fs.ctype = "text/plain"
	} else {
		fs.ctype = "application/x-www-form-urlencoded"
	}
	if b, ok := params["boundary"]; ok {
		fs.inner = b // str.encode('utf-8') is the UTF-8 we hold
	}

	fs.length = pyInt{v: -1}
	if v, ok := headers.get("content-length"); ok {
		if n, ok := parseInt(v, p.py3); ok {
			fs.length = n
		}
	}
	if p.py3 && !fs.limit.set {
		if p.minor == 36 {
			// 3.6: `if self.limit is None and clen:`
			if fs.length.v != 0 || fs.length.over != 0 {
				fs.limit = optInt{fs.length.v, true}
			}
		} else if fs.length.v >= 0 {
			fs.limit = optInt{fs.length.v, true}
		}
	}

	var err *PyError
	switch {
	case fs.ctype == "application/x-www-form-urlencoded":
		if err = fs.readURLEncoded(maxFields); err != nil {
			return nil, err.at(p, fnInit, siteInitURLEncoded)
		}
	case strings.HasPrefix(fs.ctype, "multipart/"):
		if err = fs.readMulti(maxFields); err != nil {
			return nil, err.at(p, fnInit, siteInitMulti)
		}
	default:
		if err = fs.readSingle(); err != nil {
			return nil, err.at(p, fnInit, siteInitSingle)
		}
	}
	return fs, nil
}

// readURLEncoded is FieldStorage.read_urlencoded.
func (fs *fieldStorage) readURLEncoded(maxFields *int) *PyError {
	p := fs.p
	qs, err := p.fpRead(fs.length)
	if err != nil {
		return err.at(p, fnReadURLEncoded, siteURLEncodedRead)
	}
	var pairs []pair
	var ok bool
	if p.py3 {
		pairs, ok = parseQsl3(pystr.DecodeUTF8(string(qs)), p.minor, maxFields)
	} else {
		pairs, ok = parseQsl27(string(qs), maxFields)
	}
	if !ok {
		e := &PyError{Type: "ValueError", Message: "Max number of fields exceeded"}
		fn := fnParseQsl3
		if !p.py3 {
			fn = fnParseQsl27
		}
		return e.at(p, fn, siteQslRaise).at(p, fnReadURLEncoded, siteURLEncodedQsl)
	}
	fs.hasList = true
	fs.list = make([]item, 0, len(pairs))
	for _, kv := range pairs {
		fs.list = append(fs.list, &miniField{kv.name, kv.value})
	}
	fs.skipLines()
	return nil
}

// fpRead is self.fp.read(n) on the handler's rfile, with the errors the
// interpreter's reader raises for sizes it cannot take.
func (p *parser) fpRead(n pyInt) ([]byte, *PyError) {
	if !p.py3 {
		// socket._fileobject.read: a negative size reads to EOF; a size
		// recv cannot take raises once the buffer is used up.
		if n.v < 0 || n.over < 0 {
			return p.in.readAll(), nil
		}
		if n.v > maxCInt || n.over > 0 {
			if data, ok := p.in.read27(n.v); ok {
				return data, nil
			}
			e := &PyError{Type: "OverflowError", Message: "signed integer is greater than maximum"}
			return nil, e.at(p, fnSocketRead, siteSocketRead)
		}
		if n.v > p.memLimit {
			e := &PyError{Type: "MemoryError"}
			return nil, e.at(p, fnSocketRead, siteSocketRead)
		}
		return p.in.read(n.v), nil
	}
	// io.BufferedReader.read
	// (https://github.com/python/cpython/blob/v3.12.1/Modules/_io/bufferedio.c).
	switch {
	case n.over != 0:
		return nil, &PyError{Type: "OverflowError", Message: "cannot fit 'int' into an index-sized integer"}
	case n.v == -1:
		return p.in.readAll(), nil
	case n.v < -1:
		msg := "read length must be non-negative or -1"
		if p.minor == 36 {
			msg = "read length must be positive or -1"
		}
		return nil, &PyError{Type: "ValueError", Message: msg}
	case n.v > 1<<63-1-pyBytesHeader:
		return nil, &PyError{Type: "OverflowError", Message: "byte string is too large"}
	case n.v > p.memLimit:
		// The buffer for n bytes is allocated before anything is read.
		return nil, &PyError{Type: "MemoryError"}
	}
	return p.in.read(n.v), nil
}

// pyBytesHeader is offsetof(PyBytesObject, ob_sval) + 1 on 64-bit
// builds: PyBytes_FromStringAndSize refuses sizes within it of
// PY_SSIZE_T_MAX.
const pyBytesHeader = 33

// readMulti is FieldStorage.read_multi.
func (fs *fieldStorage) readMulti(maxFields *int) *PyError {
	p := fs.p
	ib := fs.inner
	if !validBoundary(ib) {
		var sb strings.Builder
		sb.WriteString("Invalid boundary in multipart form: ")
		if p.py3 {
			sb.WriteString("b")
		}
		reprBytes(&sb, ib)
		e := &PyError{Type: "ValueError", Message: sb.String()}
		return e.at(p, fnReadMulti, siteMultiBoundary)
	}
	fs.hasList = true
	fs.list = []item{}
	if p.depth > recursionLevels[p.minor] {
		typ := "RecursionError"
		if !p.py3 {
			typ = "RuntimeError"
		}
		return &PyError{Type: typ, Message: recursionMessage[p.minor]}
	}
	p.depth++
	defer func() { p.depth-- }()
	if !p.py3 {
		return fs.readMulti27(maxFields)
	}

	firstLine := p.in.readline(-1)
	fs.bytesRead += int64(len(firstLine))
	for len(firstLine) > 0 && stripBytes(string(firstLine)) != "--"+ib {
		firstLine = p.in.readline(-1)
		fs.bytesRead += int64(len(firstLine))
	}

	var mf *int
	if maxFields != nil {
		n := *maxFields - len(fs.list)
		mf = &n
	}
	for {
		var hdr []byte
		for {
			data := p.in.readline(-1)
			hdr = append(hdr, data...)
			if stripBytes(string(data)) == "" {
				break
			}
		}
		if len(hdr) == 0 {
			break
		}
		fs.bytesRead += int64(len(hdr))
		headers := parseEmailHeaders(pystr.DecodeUTF8(string(hdr))).without("content-length")

		limit := optInt{}
		if fs.limit.set {
			limit = optInt{satSub(fs.limit.v, fs.bytesRead), true}
		} else if p.minor == 36 {
			// 3.6 computes self.limit-self.bytes_read unconditionally.
			e := &PyError{Type: "TypeError", Message: "unsupported operand type(s) for -: 'NoneType' and 'int'"}
			return e.at(p, fnReadMulti, siteMultiLimit)
		}
		part, err := p.newFieldStorage(headers, ib, limit, mf)
		if err != nil {
			return err.at(p, fnReadMulti, siteMultiPart)
		}
		if mf != nil {
			*mf--
			if len(part.list) > 0 {
				*mf -= len(part.list)
			}
			if *mf < 0 {
				e := &PyError{Type: "ValueError", Message: "Max number of fields exceeded"}
				return e.at(p, fnReadMulti, siteMultiMaxFields)
			}
		}
		fs.bytesRead += part.bytesRead
		fs.list = append(fs.list, part)
		if part.done != 0 || fs.bytesRead >= fs.length.v && fs.length.v > 0 {
			break
		}
	}
	fs.skipLines()
	return nil
}

// readMulti27 is the rest of read_multi in 2.7: the first "part" is the
// preamble, thrown away; each later one starts with rfc822 headers read
// from the stream.
func (fs *fieldStorage) readMulti27(maxFields *int) *PyError {
	p := fs.p
	ib := fs.inner
	var mf *int
	if maxFields != nil {
		n := *maxFields - len(fs.list)
		mf = &n
	}
	part, err := p.newFieldStorage(rfc822Headers{}, ib, optInt{}, mf)
	if err != nil {
		return err.at(p, fnReadMulti, siteMultiFirstPart)
	}
	for part.done == 0 {
		headers := readRFC822(p.in)
		part, err = p.newFieldStorage(headers, ib, optInt{}, mf)
		if err != nil {
			return err.at(p, fnReadMulti, siteMultiPart)
		}
		if mf != nil {
			*mf--
			if len(part.list) > 0 {
				*mf -= len(part.list)
			}
			if *mf < 0 {
				e := &PyError{Type: "ValueError", Message: "Max number of fields exceeded"}
				return e.at(p, fnReadMulti, siteMultiMaxFields)
			}
		}
		fs.list = append(fs.list, part)
	}
	fs.skipLines()
	return nil
}

// satSub is a - b without wrapping.
func satSub(a, b int64) int64 {
	c := a - b
	if (c > a) != (b < 0) {
		if b < 0 {
			return 1<<63 - 1
		}
		return -1 << 63
	}
	return c
}

// readSingle is FieldStorage.read_single.
func (fs *fieldStorage) readSingle() *PyError {
	if fs.length.v >= 0 || fs.length.over > 0 {
		if err := fs.readBinary(); err != nil {
			return err.at(fs.p, fnReadSingle, siteSingleBinary)
		}
		fs.skipLines()
	} else {
		fs.readLines()
	}
	return nil
}

// bufsize is FieldStorage.bufsize, the chunk read_binary copies.
const bufsize = 8 * 1024

// readBinary is FieldStorage.read_binary. In 3.x make_file() opens a text
// file unless the part has a filename, and writing bytes to it raises.
func (fs *fieldStorage) readBinary() *PyError {
	p := fs.p
	fs.file = &strings.Builder{}
	fs.fileText = p.py3 && !fs.binary
	todo := fs.length.v
	if fs.length.over > 0 {
		todo = 1<<63 - 1
	}
	for todo > 0 {
		n := todo
		if n > bufsize {
			n = bufsize
		}
		data := p.in.read(n)
		fs.bytesRead += int64(len(data))
		if len(data) == 0 {
			fs.done = -1
			break
		}
		if fs.fileText {
			e := &PyError{Type: "TypeError", Message: "write() argument must be str, not bytes"}
			return e.at(p, fnReadBinary, siteBinaryWrite)
		}
		fs.file.Write(data)
		todo -= int64(len(data))
	}
	return nil
}

// readLines is FieldStorage.read_lines: a text file in 3.x unless the
// part has a filename.
func (fs *fieldStorage) readLines() {
	fs.file = &strings.Builder{}
	fs.fileText = fs.p.py3 && !fs.binary
	if fs.outer != "" {
		fs.readLinesToOuterboundary()
	} else {
		fs.readLinesToEOF()
	}
}

// write is FieldStorage.__write: 3.x decodes each piece on its own.
// (Moving the data to a temporary file past 1000 bytes does not change
// what is stored.)
func (fs *fieldStorage) write(line []byte) {
	if fs.fileText {
		fs.file.WriteString(pystr.DecodeUTF8(string(line)))
	} else {
		fs.file.Write(line)
	}
}

// lineLimit is the 1<<16 that read_lines_* and skip_lines pass to
// readline.
const lineLimit = 1 << 16

// readLinesToEOF is FieldStorage.read_lines_to_eof.
func (fs *fieldStorage) readLinesToEOF() {
	for {
		line := fs.p.in.readline(lineLimit)
		fs.bytesRead += int64(len(line))
		if len(line) == 0 {
			fs.done = -1
			return
		}
		fs.write(line)
	}
}

// readLinesToOuterboundary is FieldStorage.read_lines_to_outerboundary:
// a line ending is written only once the next line shows it is not the
// one before a boundary.
func (fs *fieldStorage) readLinesToOuterboundary() {
	p := fs.p
	next := "--" + fs.outer
	last := next + "--"
	delim := ""
	lastLineLFEnd := true
	var read int64
	for {
		if p.py3 {
			if p.minor == 36 {
				// `if _read >= self.limit`; the limit of a part is never
				// None in 3.6 (read_multi raises first).
				if fs.limit.set && read >= fs.limit.v {
					return
				}
			} else if fs.limit.set && 0 <= fs.limit.v && fs.limit.v <= read {
				return
			}
		}
		b := p.in.readline(lineLimit)
		fs.bytesRead += int64(len(b))
		read += int64(len(b))
		if len(b) == 0 {
			fs.done = -1
			return
		}
		line := string(b)
		if delim == "\r" {
			line = delim + line
			delim = ""
		}
		if strings.HasPrefix(line, "--") && lastLineLFEnd {
			var stripped string
			if p.py3 {
				stripped = rstripBytes(line)
			} else {
				stripped = stripBytes(line)
			}
			if stripped == next {
				return
			}
			if stripped == last {
				fs.done = 1
				return
			}
		}
		odelim := delim
		switch {
		case strings.HasSuffix(line, "\r\n"):
			delim = "\r\n"
			line = line[:len(line)-2]
			lastLineLFEnd = true
		case strings.HasSuffix(line, "\n"):
			delim = "\n"
			line = line[:len(line)-1]
			lastLineLFEnd = true
		case strings.HasSuffix(line, "\r"):
			delim = "\r"
			line = line[:len(line)-1]
			lastLineLFEnd = false
		default:
			delim = ""
			lastLineLFEnd = false
		}
		fs.write([]byte(odelim + line))
	}
}

// skipLines is FieldStorage.skip_lines. In every 3.x release it only
// takes a line for a boundary when the line ends in "--" (not in a line
// break), so it usually reads to the end of the input; 2.7 checks the
// start of the line.
func (fs *fieldStorage) skipLines() {
	if fs.outer == "" || fs.done != 0 {
		return
	}
	p := fs.p
	next := "--" + fs.outer
	last := next + "--"
	lastLineLFEnd := true
	for {
		b := p.in.readline(lineLimit)
		fs.bytesRead += int64(len(b))
		if len(b) == 0 {
			fs.done = -1
			return
		}
		line := string(b)
		var candidate bool
		if p.py3 {
			candidate = strings.HasSuffix(line, "--")
		} else {
			candidate = strings.HasPrefix(line, "--")
		}
		if candidate && lastLineLFEnd {
			stripped := stripBytes(line)
			if stripped == next {
				return
			}
			if stripped == last {
				fs.done = 1
				return
			}
		}
		lastLineLFEnd = strings.HasSuffix(line, "\n")
	}
}

// parseInt is int(s) for a Content-Length value, or false where int()
// raises ValueError (which FieldStorage ignores). Python 3 strips Unicode
// whitespace and allows single underscores between digits; 2.7 strips C
// whitespace only.
func parseInt(s string, py3 bool) (pyInt, bool) {
	if py3 {
		s = strip3(s)
	} else {
		s = stripBytes(s)
	}
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" {
		return pyInt{}, false
	}
	var v uint64
	over := false
	prevDigit := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			if v > (1<<64-1-9)/10 {
				over = true
			}
			v = v*10 + uint64(c-'0')
			prevDigit = true
		case c == '_' && py3 && prevDigit && i+1 < len(s):
			prevDigit = false
		default:
			return pyInt{}, false
		}
	}
	if !prevDigit {
		return pyInt{}, false
	}
	switch {
	case neg && (over || v > 1<<63):
		return pyInt{v: -1 << 63, over: -1}, true
	case neg:
		return pyInt{v: -int64(v)}, true
	case over || v > 1<<63-1:
		return pyInt{v: 1<<63 - 1, over: 1}, true
	}
	return pyInt{v: int64(v)}, true
}
