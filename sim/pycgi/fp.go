package pycgi

import (
	"io"
)

// stream is the handler's rfile as FieldStorage reads it: read(n) and
// readline(limit) over the rest of the connection's input, where the end
// of the input is the client closing its side (both calls then return
// what there is, as a blocking socket read does at EOF).
//
// It never takes more bytes from the underlying reader than FieldStorage
// consumes, so the caller's reader is left where the next pipelined
// request starts. It stops at max bytes, as if the input ended there, and
// records that it did.
type stream struct {
	r        io.Reader
	br       io.ByteReader // r, when it can give one byte at a time
	consumed int64
	max      int64
	capped   bool
	eof      bool
	one      [1]byte

	// bufEnd models Python 2.7's socket._fileobject: how far past the
	// start of the body its buffer has already received from the
	// socket, when all input is there at once. Bytes in the buffer are
	// lost when a read raises.
	bufEnd int64
}

// rbufsize is socket._fileobject.default_bufsize, the recv size of the
// 2.7 rfile (StreamRequestHandler.rbufsize is -1)
// (https://github.com/python/cpython/blob/v2.7.18/Lib/socket.py).
const rbufsize = 8192

func newStream(r io.Reader, max int64) *stream {
	s := &stream{r: r, max: max}
	if r == nil {
		s.eof = true
	}
	if br, ok := r.(io.ByteReader); ok {
		s.br = br
	}
	return s
}

// readByte returns the next input byte, or false at the end of the input
// or of the budget.
func (s *stream) readByte() (byte, bool) {
	if s.eof {
		return 0, false
	}
	if s.consumed >= s.max {
		s.capped = true
		s.eof = true
		return 0, false
	}
	if s.br != nil {
		c, err := s.br.ReadByte()
		if err != nil {
			s.eof = true
			return 0, false
		}
		s.consumed++
		return c, true
	}
	for tries := 0; tries < 100; tries++ {
		n, err := s.r.Read(s.one[:])
		if n == 1 {
			s.consumed++
			return s.one[0], true
		}
		if err != nil {
			break
		}
	}
	s.eof = true
	return 0, false
}

// read is rfile.read(n) for n >= 0: up to n bytes, fewer at the end of
// the input.
func (s *stream) read(n int64) []byte {
	var out []byte
	for n > 0 && !s.eof {
		if s.consumed >= s.max {
			s.capped = true
			s.eof = true
			break
		}
		chunk := n
		if room := s.max - s.consumed; chunk > room {
			chunk = room
		}
		if chunk > 32<<10 {
			chunk = 32 << 10
		}
		buf := make([]byte, chunk)
		m, err := io.ReadFull(s.r, buf)
		out = append(out, buf[:m]...)
		s.consumed += int64(m)
		n -= int64(m)
		if err != nil {
			s.eof = true
		}
	}
	s.readEnd()
	return out
}

// readAll is rfile.read() and rfile.read(-1).
func (s *stream) readAll() []byte {
	return s.read(s.max - s.consumed + 1)
}

// readline is rfile.readline(limit); limit < 0 means no limit.
func (s *stream) readline(limit int64) []byte {
	var out []byte
	for limit < 0 || int64(len(out)) < limit {
		c, ok := s.readByte()
		if !ok {
			break
		}
		out = append(out, c)
		if c == '\n' {
			break
		}
	}
	s.lineEnd()
	return out
}

// readEnd moves the 2.7 buffer model after read(n): recv(left) takes
// exactly what read needs, so nothing stays buffered past it.
func (s *stream) readEnd() {
	if s.bufEnd < s.consumed {
		s.bufEnd = s.consumed
	}
}

// lineEnd moves the 2.7 buffer model after a readline: when the line went past the buffer, recv(rbufsize) calls
// filled it in whole chunks.
func (s *stream) lineEnd() {
	for s.bufEnd < s.consumed {
		s.bufEnd += rbufsize
	}
}

// discardBuffered consumes what the 2.7 buffer model holds past the
// current position: socket._fileobject.read drops its buffer when recv
// raises.
func (s *stream) discardBuffered() {
	if n := s.bufEnd - s.consumed; n > 0 {
		s.read(n)
	}
}

// read27 is socket._fileobject.read(size) for size >= 0 in Python 2.7.
// It asks recv for what its buffer lacks, and recv takes a C int: past
// that it raises OverflowError, and the buffered bytes are lost
// (https://github.com/python/cpython/blob/v2.7.18/Lib/socket.py).
func (s *stream) read27(size int64) ([]byte, bool) {
	if size <= maxCInt {
		return s.read(size), true
	}
	model := s.bufEnd - s.consumed
	if model < 0 {
		model = 0
	}
	if size-model > maxCInt {
		s.discardBuffered()
		return nil, false
	}
	held := s.read(model)
	if size-int64(len(held)) > maxCInt {
		return nil, false
	}
	return append(held, s.read(size-int64(len(held)))...), true
}

// maxCInt is INT_MAX, the largest size recv accepts.
const maxCInt = 1<<31 - 1
